using Google.Protobuf;

namespace NormGen.Benchmarks.Modern;

/// <summary>An ONNX node: op type (and domain, "" for the default one), input and output names, attributes.</summary>
public sealed record OnnxNode(string OpType, string[] Inputs, string[] Outputs, string Domain = "")
{
    public IReadOnlyList<(string Name, object Value)> Attributes { get; init; } = [];
}

/// <summary>
/// Writes a small ONNX model (a ModelProto in protobuf wire format) with Google.Protobuf's CodedOutputStream: float32
/// graph inputs and outputs of fixed shapes, and a few nodes. Only the fields these benchmarks need (onnx.proto3 field
/// numbers in the comments): no initializers, every tensor is fed, so ONNX Runtime reads the benchmark's own buffers.
/// </summary>
public static class OnnxModel
{
    private const int FloatType = 1;       // TensorProto.DataType.FLOAT
    private const int AttributeFloat = 1;  // AttributeProto.AttributeType.FLOAT
    private const int AttributeInt = 2;    // AttributeProto.AttributeType.INT
    private const int AttributeInts = 7;   // AttributeProto.AttributeType.INTS

    /// <param name="opsets">(domain, version) pairs; "" is the default ONNX domain.</param>
    public static byte[] Write(IReadOnlyList<OnnxNode> nodes, IReadOnlyList<(string Name, long[] Shape)> inputs,
        IReadOnlyList<(string Name, long[] Shape)> outputs, IReadOnlyList<(string Domain, long Version)> opsets, long irVersion = 10)
        => Message(model =>
        {
            model.WriteTag(1, WireFormat.WireType.Varint);           // ModelProto.ir_version
            model.WriteInt64(irVersion);
            WriteString(model, 2, "NormGen.Benchmarks");            // producer_name
            foreach (var (domain, version) in opsets)
                WriteMessage(model, 8, opset =>                     // opset_import: OperatorSetIdProto
                {
                    WriteString(opset, 1, domain);                  // domain
                    opset.WriteTag(2, WireFormat.WireType.Varint);  // version
                    opset.WriteInt64(version);
                });
            WriteMessage(model, 7, graph =>                         // graph: GraphProto
            {
                for (int i = 0; i < nodes.Count; i++)
                    WriteMessage(graph, 1, node => WriteNode(node, nodes[i], $"node{i}"));
                WriteString(graph, 2, "normgen_baseline");          // name
                foreach (var (name, shape) in inputs)
                    WriteMessage(graph, 11, value => WriteValueInfo(value, name, shape)); // input
                foreach (var (name, shape) in outputs)
                    WriteMessage(graph, 12, value => WriteValueInfo(value, name, shape)); // output
            });
        });

    private static void WriteNode(CodedOutputStream node, OnnxNode n, string name)
    {
        foreach (var input in n.Inputs)
            WriteString(node, 1, input);                            // NodeProto.input
        foreach (var output in n.Outputs)
            WriteString(node, 2, output);                           // output
        WriteString(node, 3, name);                                 // name
        WriteString(node, 4, n.OpType);                             // op_type
        foreach (var (attributeName, value) in n.Attributes)
            WriteMessage(node, 5, attribute =>                      // attribute: AttributeProto
            {
                WriteString(attribute, 1, attributeName);           // name
                switch (value)
                {
                    case float f:
                        attribute.WriteTag(2, WireFormat.WireType.Fixed32); // f
                        attribute.WriteFloat(f);
                        attribute.WriteTag(20, WireFormat.WireType.Varint); // type
                        attribute.WriteInt32(AttributeFloat);
                        break;
                    case long l:
                        attribute.WriteTag(3, WireFormat.WireType.Varint);  // i
                        attribute.WriteInt64(l);
                        attribute.WriteTag(20, WireFormat.WireType.Varint);
                        attribute.WriteInt32(AttributeInt);
                        break;
                    case long[] list:
                        foreach (long item in list)
                        {
                            attribute.WriteTag(8, WireFormat.WireType.Varint); // ints (unpacked: proto2 repeated)
                            attribute.WriteInt64(item);
                        }
                        attribute.WriteTag(20, WireFormat.WireType.Varint);
                        attribute.WriteInt32(AttributeInts);
                        break;
                    default:
                        throw new ArgumentException($"attribute {attributeName}: only float, long and long[] values are written", nameof(n));
                }
            });
        if (n.Domain.Length > 0)
            WriteString(node, 7, n.Domain);                         // domain
    }

    private static void WriteValueInfo(CodedOutputStream value, string name, long[] shape)
    {
        WriteString(value, 1, name);                                // ValueInfoProto.name
        WriteMessage(value, 2, type =>                              // type: TypeProto
            WriteMessage(type, 1, tensor =>                         // tensor_type: TypeProto.Tensor
            {
                tensor.WriteTag(1, WireFormat.WireType.Varint);     // elem_type
                tensor.WriteInt32(FloatType);
                WriteMessage(tensor, 2, dims =>                     // shape: TensorShapeProto
                {
                    foreach (long d in shape)
                        WriteMessage(dims, 1, dim =>                // dim: Dimension
                        {
                            dim.WriteTag(1, WireFormat.WireType.Varint); // dim_value
                            dim.WriteInt64(d);
                        });
                });
            }));
    }

    private static void WriteString(CodedOutputStream output, int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    private static void WriteMessage(CodedOutputStream output, int field, Action<CodedOutputStream> write)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(Message(write)));
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        using (var output = new CodedOutputStream(stream, leaveOpen: true))
        {
            write(output);
            output.Flush();
        }
        return stream.ToArray();
    }
}
