using Conveyor.Redis;
using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Cli.Tests;

public sealed class RedisSpecTests
{
    [Fact]
    public void Parse_TakesConveyorsKeysOutOfTheConfiguration_WhenGiven()
    {
        var spec = StoreSpec.Parse("redis:cache.internal:6380,password=secret,Prefix=jobs_eu,durable=true,allowUnsafe=True,ssl=false");

        var redis = Assert.IsType<RedisSpec>(spec.Redis);
        Assert.Equal("redis", spec.Scheme);
        Assert.Null(spec.Postgres);
        Assert.Equal("cache.internal:6380,password=secret,ssl=false", redis.Configuration);
        Assert.Equal("jobs_eu", redis.Prefix);
        Assert.True(redis.RequireDurability);
        Assert.True(redis.AllowUnsafeServer);
        Assert.Equal("cache.internal:6380", redis.Endpoint);
        Assert.Equal("prefix jobs_eu on redis cache.internal:6380", spec.Location);
    }

    [Fact]
    public void Parse_UsesTheConveyorPrefixPort6379AndNoFlags_WhenTheConfigurationNamesNone()
    {
        var redis = StoreSpec.Parse("redis:localhost").Redis!;

        Assert.Equal("conveyor", redis.Prefix);
        Assert.Equal("localhost:6379", redis.Endpoint);
        Assert.False(redis.RequireDurability);
        Assert.False(redis.AllowUnsafeServer);
    }

    [Fact]
    public void Parse_NamesEveryEndpoint_WhenTheConfigurationListsACluster()
    {
        var spec = StoreSpec.Parse("redis:127.0.0.1:7000, 127.0.0.1:7001 ,127.0.0.1:7002");

        Assert.Equal("127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002", spec.Redis!.Endpoint);
        Assert.Equal("prefix conveyor on redis 127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002", spec.Location);
    }

    [Theory]
    [InlineData("redis:127.0.0.1:6379,password=hunter2,prefix=jobs")]
    [InlineData("redis:127.0.0.1:6379,user=app,PASSWORD = hunter2")]
    [InlineData("redis:127.0.0.1:6379,password=hunter2")]
    public void ToString_MasksThePassword_WhenTheConfigurationHasOne(string text)
    {
        var spec = StoreSpec.Parse(text);

        Assert.DoesNotContain("hunter2", spec.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", spec.Redis!.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", spec.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("redis:127.0.0.1:6379,", spec.ToString(), StringComparison.Ordinal);
        Assert.Equal("hunter2", StackExchange.Redis.ConfigurationOptions.Parse(spec.Redis.Configuration).Password);
    }

    [Fact]
    public void StoreText_KeepsThePasswordPrefixAndFlags_ForAWorkerProcess()
    {
        var redis = StoreSpec.Parse("redis:127.0.0.1:6379,password=hunter2,durable=true,allowUnsafe=true").Redis!;

        var worker = StoreSpec.Parse((redis with { Prefix = "bench_1" }).StoreText).Redis!;

        Assert.Equal(redis.Configuration, worker.Configuration);
        Assert.Equal("bench_1", worker.Prefix);
        Assert.True(worker.RequireDurability);
        Assert.True(worker.AllowUnsafeServer);
    }

    [Fact]
    public async Task Apply_RegistersTheRedisStoreWithThePrefix_WithoutConnecting()
    {
        var spec = StoreSpec.Parse("redis:127.0.0.1:1,prefix=tenant_a");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddConveyor(c => spec.Apply(c));
        await using var provider = services.BuildServiceProvider();

        var store = Assert.IsType<RedisJobStore>(provider.GetRequiredService<IJobStore>());

        Assert.Equal("tenant_a", store.Prefix);
    }

    [Theory]
    [InlineData("redis:", "use redis:CONFIG")]
    [InlineData("redis:   ", "use redis:CONFIG")]
    [InlineData("redis:127.0.0.1,password=hunter2,bogus=1", "is not a Redis configuration: Keyword 'bogus' is not supported.")]
    [InlineData("redis:127.0.0.1,password=hunter2,connectTimeout=soon", "is not a Redis configuration: Keyword 'connectTimeout' requires an integer value")]
    [InlineData("redis:password=hunter2,prefix=jobs", "names no Redis server")]
    [InlineData("redis:127.0.0.1,password=hunter2,prefix=jobs eu", "Invalid key prefix 'jobs eu'")]
    [InlineData("redis:127.0.0.1,password=hunter2,prefix=", "Invalid key prefix ''")]
    [InlineData("redis:127.0.0.1,password=hunter2,durable=yes", "durable=yes is not true or false")]
    [InlineData("redis:127.0.0.1,password=hunter2,allowUnsafe=1", "allowUnsafe=1 is not true or false")]
    [InlineData("rediss:127.0.0.1,password=hunter2", "Unknown store")]
    public void Parse_ThrowsWithoutThePassword_WhenTheConfigurationIsBad(string text, string expected)
    {
        var error = Assert.Throws<CliException>(() => StoreSpec.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1,password=hunter2,ssl=true", "127.0.0.1,password=***,ssl=true")]
    [InlineData("127.0.0.1,Password = hunter2", "127.0.0.1,Password = ***")]
    [InlineData("127.0.0.1,user=app", "127.0.0.1,user=app")]
    public void MaskRedis_HidesOnlyThePasswordsValue(string text, string expected)
    {
        Assert.Equal(expected, ConnectionStringMask.MaskRedis(text));
    }
}
