namespace Conveyor.Redis.Tests;

/// <summary>Key prefixes and the defaults of the Redis store's settings.</summary>
public sealed class RedisStoreOptionsTests
{
    [Fact]
    public void Defaults_AreTheConveyorPrefixWithASafeServerAndNoDurabilityRequired()
    {
        var options = new RedisStoreOptions();

        Assert.Equal(("conveyor", false, false), (options.Prefix, options.AllowUnsafeServer, options.RequireDurability));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("conveyor")]
    [InlineData("Tenant_42")]
    [InlineData("app:jobs-v2")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    public void Prefix_KeepsLettersDigitsUnderscoresDashesAndColons(string prefix) =>
        Assert.Equal(prefix, new RedisStoreOptions { Prefix = prefix }.Prefix);

    [Theory]
    [InlineData("")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    [InlineData("a b")]
    [InlineData("{conveyor}")]
    [InlineData("conveyor}")]
    [InlineData("jobs*")]
    [InlineData("jobs?")]
    [InlineData("préfixe")]
    [InlineData("line\nbreak")]
    public void Prefix_Throws_WhenEmptyLongerThanSixtyFourOrHoldingAnotherCharacter(string prefix)
    {
        var error = Assert.Throws<ArgumentException>(() => new RedisStoreOptions { Prefix = prefix });

        Assert.Equal(nameof(RedisStoreOptions.Prefix), error.ParamName);
        Assert.Contains($"'{prefix}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prefix_Throws_WhenNull()
    {
        var error = Assert.Throws<ArgumentException>(() => new RedisStoreOptions { Prefix = null! });

        Assert.Equal(nameof(RedisStoreOptions.Prefix), error.ParamName);
    }
}
