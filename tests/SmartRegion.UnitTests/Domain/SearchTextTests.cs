using SmartRegion.Api.Domain;

namespace SmartRegion.UnitTests.Domain;

public sealed class SearchTextTests
{
    [Theory]
    [InlineData("mobilitat")]
    [InlineData("Mobilität")]
    [InlineData("MOBILITÄT")]
    [InlineData("  mobilität ")]
    public void Umlaut_and_case_variants_fold_alike(string query)
    {
        Assert.Equal("mobilitat", SearchText.Fold(query));
    }

    [Fact]
    public void Sharp_s_and_accents_fold_and_spaces_collapse()
    {
        Assert.Equal("strasse cafe", SearchText.Fold("Straße   Café"));
    }

    [Fact]
    public void LIKE_wildcards_in_a_query_are_matched_literally()
    {
        Assert.Equal("%100\\% ok\\_x%", SearchText.ContainsPattern("100% OK_x"));
    }
}
