using System;
using NormGen.Generator.Model;

namespace NormGen.Generator.Diagnostics;

/// <summary>
/// Turns a bug in NormGen into an NG0099 diagnostic on the layer. An exception escaping a generator becomes CS8785,
/// which disables every layer of the project and says nothing about where; this keeps the damage to one layer.
/// </summary>
internal static class InternalErrors
{
    public static DiagnosticInfo Create(string layerName, LocationInfo? location, Exception exception) =>
        Create(layerName, location, Describe(exception));

    /// <summary>For a failure described where its location was not known (the location-free compile step).</summary>
    public static DiagnosticInfo Create(string layerName, LocationInfo? location, string description) =>
        DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, location, layerName, description);

    /// <summary>The exception's type, message and innermost frame.</summary>
    public static string Describe(Exception exception)
    {
        // The innermost frame is what a bug report needs; the full trace would swamp the error list.
        string? frame = null;
        if (exception.StackTrace is { } trace)
        {
            int newline = trace.IndexOf('\n');
            frame = (newline < 0 ? trace : trace.Substring(0, newline)).Trim();
        }
        string text = exception.GetType().Name + ": " + exception.Message;
        return frame is null or "" ? text : text + " (" + frame + ")";
    }
}
