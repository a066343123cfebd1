using NormGen.Training;

// Trains an MLP on the UCI digits with NormGen-generated normalization layers; see docs/training.md.
// Errors the user can fix (options, data file, a diverging learning rate) are one line on stderr and an exit code.
try
{
    return App.Run(args, Console.Out);
}
catch (TrainingException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return e.ExitCode;
}
