using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Conveyor.Storage;
using Conveyor.Tests.Runtime;

namespace Conveyor.Tests.Health;

public sealed class AlertWebhookTests
{
    [Fact]
    public async Task AnAlert_IsPostedToTheWebhookOnceWhenItFires_AndOnceWhenItResolves()
    {
        using var receiver = new WebhookReceiver();
        await using var host = await TestHost.StartAsync(c => c
            .AddHandler<PingHandler>()
            .Queue("default", 2)
            .Alerts(a =>
            {
                a.Interval = TimeSpan.FromMilliseconds(50);
                a.FireAfter = 2;
                a.ResolveAfter = 2;
                a.Rules.MaxDepth = 2;
                a.Rules.RequireLiveWorker = false;
                a.Webhooks.Add(receiver.Url);
            }));

        var parked = await host.Client.EnqueueManyAsync(Enumerable.Range(0, 3).Select(n => new Ping(n)), new EnqueueOptions { Queue = "parked" });
        await receiver.WaitForAsync(1);
        await host.Admin.DeleteJobsAsync(new JobIdsRequest { JobIds = [.. parked] }, CancellationToken.None);
        await receiver.WaitForAsync(2);
        await Task.Delay(500);

        var posts = receiver.Posts.Select(p => JsonDocument.Parse(p).RootElement).ToList();
        Assert.Equal(2, posts.Count);
        Assert.Equal(["firing", "resolved"], posts.Select(p => p.GetProperty("status").GetString()));
        Assert.All(posts, p => Assert.Equal(("depth", "parked", "unhealthy"), (p.GetProperty("rule").GetString(), p.GetProperty("subject").GetString(), p.GetProperty("severity").GetString())));
        Assert.Equal("Queue parked has 3 jobs waiting, over 2.", posts[0].GetProperty("message").GetString());
    }

    /// <summary>A webhook receiver on a free loopback port that records every POST body.</summary>
    private sealed class WebhookReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly SemaphoreSlim _received = new(0);

        public WebhookReceiver()
        {
            using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = new Uri($"http://127.0.0.1:{port}/hook/");
            _listener.Prefixes.Add(Url.ToString());
            _listener.Start();
            _ = ServeAsync();
        }

        public Uri Url { get; }

        public ConcurrentQueue<string> Posts { get; } = new();

        public async Task WaitForAsync(int count)
        {
            while (Posts.Count < count)
            {
                Assert.True(await _received.WaitAsync(TimeSpan.FromSeconds(10)), $"The webhook got {Posts.Count} posts, expected {count}.");
            }
        }

        public void Dispose()
        {
            _listener.Close();
            _received.Dispose();
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using (var reader = new StreamReader(context.Request.InputStream))
                {
                    Posts.Enqueue(await reader.ReadToEndAsync());
                }

                context.Response.StatusCode = 204;
                context.Response.Close();
                _received.Release();
            }
        }
    }
}
