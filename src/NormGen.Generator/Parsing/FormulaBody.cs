using NormGen.Generator.Model;

namespace NormGen.Generator.Parsing;

/// <summary>A formula body as let-bindings followed by the returned expression.</summary>
internal sealed record FormulaBody(EquatableArray<LocalBinding> Locals, FormulaNode Result);
