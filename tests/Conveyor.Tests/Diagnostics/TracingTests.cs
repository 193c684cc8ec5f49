using System.Collections.Concurrent;
using System.Diagnostics;
using Conveyor.Diagnostics;
using Conveyor.Tests.Runtime;

namespace Conveyor.Tests.Diagnostics;

public sealed class TracingTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public TracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ConveyorTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task AnAttemptsSpan_IsTheChildOfTheEnqueueSpan_AndLinkedToIt()
    {
        await using var host = await TestHost.StartAsync(c => c.AddHandler<PingHandler>().Queue("default", 1));
        using var request = new Activity("web request").SetIdFormat(ActivityIdFormat.W3C).Start();

        var id = await host.Client.EnqueueAsync(new Ping(1));
        request.Stop();
        var job = await host.WaitForAsync(id, JobState.Completed);

        var producer = Single(a => a.Kind == ActivityKind.Producer && a.TraceId == request.TraceId);
        var consumer = await ConsumerInAsync(request.TraceId);
        Assert.Equal(request.SpanId, producer.ParentSpanId);
        Assert.Equal(producer.Id, job.TraceParent);
        Assert.Equal(("enqueue ping", "default"), (producer.DisplayName, producer.GetTagItem("messaging.destination.name")));
        Assert.Equal((producer.TraceId, producer.SpanId), (consumer.TraceId, consumer.ParentSpanId));
        Assert.Equal(producer.SpanId, Assert.Single(consumer.Links).Context.SpanId);
        Assert.Equal(("process ping", ActivityStatusCode.Unset, "completed"), (consumer.DisplayName, consumer.Status, consumer.GetTagItem("conveyor.job.outcome")));
    }

    [Fact]
    public async Task AFailedAttemptsSpan_RecordsTheError()
    {
        await using var host = await TestHost.StartAsync(c => c.AddHandler<PingHandler>(o => o.MaxAttempts(1)).Queue("default", 1));
        host.Probe.Behaviour = (_, _) => throw new InvalidOperationException("the partner said no");

        using var request = new Activity("web request").SetIdFormat(ActivityIdFormat.W3C).Start();

        var id = await host.Client.EnqueueAsync(new Ping(2));
        request.Stop();
        await host.WaitForAsync(id, JobState.Discarded);

        var consumer = await ConsumerInAsync(request.TraceId);
        Assert.Equal(id, consumer.GetTagItem("messaging.message.id"));
        Assert.Equal((ActivityStatusCode.Error, "the partner said no", "discard"), (consumer.Status, consumer.StatusDescription, consumer.GetTagItem("conveyor.job.outcome")));
        var exception = Assert.Single(consumer.Events);
        Assert.Equal(("exception", "System.InvalidOperationException"), (exception.Name, exception.Tags.Single(t => t.Key == "exception.type").Value));
    }

    public void Dispose() => _listener.Dispose();

    private Activity Single(Func<Activity, bool> match) => Assert.Single(_stopped, a => match(a));

    /// <summary>The attempt's span in this test's trace (other tests' hosts trace too, in parallel).</summary>
    private async Task<Activity> ConsumerInAsync(ActivityTraceId trace)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (_stopped.FirstOrDefault(a => a.Kind == ActivityKind.Consumer && a.TraceId == trace && a.GetTagItem("conveyor.job.outcome") is not null) is { } found)
            {
                return found;
            }

            await Task.Delay(10, timeout.Token);
        }
    }
}
