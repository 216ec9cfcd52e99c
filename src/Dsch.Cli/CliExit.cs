namespace Dsch.Cli;

/// <summary>
/// The exit-code contract of every verb: 0 success, 2 bad input or usage (one line naming the
/// file or option), 1 anything else (with the stack trace, since it is a bug or an environment fault).
/// </summary>
static class CliExit
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    /// <summary>Runs a verb body and maps its exceptions to exit codes.</summary>
    public static async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception e) when (IsBadInput(e))
        {
            Console.Error.WriteLine($"dsch: {OneLine(e.Message)}");
            return BadInput;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"dsch: unexpected error: {e}");
            return Failure;
        }
    }

    /// <summary>Synchronous form of <see cref="GuardAsync"/>.</summary>
    public static int Guard(Func<int> body) => GuardAsync(() => Task.FromResult(body())).GetAwaiter().GetResult();

    static bool IsBadInput(Exception e) =>
        e is InvalidInputException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException
        || (e is AggregateException aggregate && aggregate.InnerExceptions.All(IsBadInput));

    /// <summary>The message on one line, every over-long word (a hostile path, a dumped header) cut to ~200 characters.</summary>
    static string OneLine(string message) =>
        string.Join(' ', message.ReplaceLineEndings(" ").Trim().Split(' ').Select(PathText.Quote));
}
