using SmartRegion.Api.Domain;

namespace SmartRegion.UnitTests.Domain;

public sealed class SlugsAndNamesTests
{
    [Theory]
    [InlineData("kreis-warendorf", true)]
    [InlineData("abc", true)]
    [InlineData("region-2025", true)]
    [InlineData("Kreis-Warendorf", false)]
    [InlineData("kreis--warendorf", false)]
    [InlineData("-kreis", false)]
    [InlineData("ab", false)]
    [InlineData("kreis_warendorf", false)]
    [InlineData("münster", false)]
    public void Slugs_are_lower_case_words_joined_by_single_hyphens(string slug, bool valid)
    {
        Assert.Equal(valid, Slugs.IsValid(slug));
    }

    [Fact]
    public void Name_keys_ignore_case_and_repeated_spaces_but_keep_umlauts()
    {
        Assert.Equal(TextKeys.ForName("Klimaschutz,  Mobilität & Umwelt"), TextKeys.ForName("KLIMASCHUTZ, MOBILITÄT & UMWELT"));
        Assert.NotEqual(TextKeys.ForName("Mobilität"), TextKeys.ForName("Mobilitat"));
    }

    [Fact]
    public void The_clock_keeps_whole_microseconds_in_UTC()
    {
        var time = new FixedTime(new DateTimeOffset(2025, 3, 28, 10, 30, 0, TimeSpan.FromHours(1)).AddTicks(1234567));

        var now = new Clock(time).Now();

        Assert.Equal(TimeSpan.Zero, now.Offset);
        Assert.Equal(0, now.Ticks % 10);
        Assert.Equal(new DateTimeOffset(2025, 3, 28, 9, 30, 0, TimeSpan.Zero).AddTicks(1234560), now);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}
