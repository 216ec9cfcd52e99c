namespace Dsch;

/// <summary>
/// Bad input from the user: a malformed or truncated file, a wrong shape, a missing dataset, an
/// unknown option value. The command line maps it to exit code 2 and prints <see cref="Exception.Message"/>
/// as a one-line reason, which always names the file (and record or line) or the option at fault.
/// </summary>
public sealed class InvalidInputException : Exception
{
    /// <summary>Creates the exception with a message that names the file/position or option.</summary>
    public InvalidInputException(string message) : base(message) { }

    /// <summary>Creates the exception wrapping the lower-level cause.</summary>
    public InvalidInputException(string message, Exception inner) : base(message, inner) { }

    /// <summary>An error about <paramref name="path"/> at an optional position (record, line, byte offset).</summary>
    /// <remarks>The path is quoted with <see cref="PathText.Quote"/> (control characters escaped, at most ~200 characters).</remarks>
    public static InvalidInputException At(string path, string? position, string problem) =>
        new(position is null ? $"{PathText.Quote(path)}: {problem}" : $"{PathText.Quote(path)}, {position}: {problem}");
}
