namespace Conveyor.Chaos.Tests.Soak;

/// <summary>One look at a soak run: when, how many finished jobs the store holds (retention's to prune), and the workers' total resident memory.</summary>
public sealed record SoakSample(TimeSpan At, long Jobs, long ResidentBytes);
