using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SmartRegion.Api.Features.Ledger;

namespace SmartRegion.UnitTests.Features.Ledger;

/// <summary>RFC 8785 canonical JSON, checked against the RFC's own examples, and the checkpoint signatures across a key rotation.</summary>
public sealed class CanonicalJsonTests
{
    [Fact]
    public void Members_are_sorted_by_UTF16_code_units_as_in_RFC_8785_section_3_2_3()
    {
        // The RFC's sorting example: "\u20ac" (€), "\r", "\ufb33" (Hebrew), "1", "\ud83d\ude00" (emoji), "\u0080", "\u00f6".
        var node = JsonNode.Parse("""{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}""");

        var keys = ((JsonObject)JsonNode.Parse(CanonicalJson.Serialize(node))!).Select(member => member.Key).ToArray();

        Assert.Equal(["\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33"], keys);
    }

    [Fact]
    public void Strings_escape_only_what_JSON_requires_and_whitespace_is_gone()
    {
        var node = JsonNode.Parse("""{ "b" : [ 1 , "Stra\u00dfe \"A\" \\ \n\u001f\u2028" ], "a" : { "z": null, "y": true, "x": false } }""");

        Assert.Equal("{\"a\":{\"x\":false,\"y\":true,\"z\":null},\"b\":[1,\"Straße \\\"A\\\" \\\\ \\n\\u001f\u2028\"]}", CanonicalJson.Serialize(node));
    }

    [Theory]
    // RFC 8785 Appendix B's number samples (IEEE 754 input → ECMAScript output).
    [InlineData(0.0, "0")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(9007199254740992.0, "9007199254740992")]
    [InlineData(-9007199254740992.0, "-9007199254740992")]
    [InlineData(295147905179352830000.0, "295147905179352830000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(333333333.33333329, "333333333.3333333")]
    [InlineData(1e23, "1e+23")]
    [InlineData(4.50, "4.5")]
    [InlineData(2e-3, "0.002")]
    [InlineData(0.000123, "0.000123")]
    public void Numbers_print_as_ECMAScript_does(double value, string expected)
    {
        Assert.Equal(expected, CanonicalJson.Number(value));
    }

    [Fact]
    public void Negative_zero_prints_as_zero()
    {
        Assert.Equal("0", CanonicalJson.Number(-0.0));
    }

    [Fact]
    public void A_checkpoint_signed_before_a_rotation_still_verifies_with_the_retired_key_and_a_changed_one_does_not()
    {
        var (oldSeed, oldPublic, oldId) = LedgerSigning.Generate();
        var (newSeed, _, newId) = LedgerSigning.Generate();
        using var before = new LedgerSigning(Options.Create(new LedgerOptions { SigningKey = oldSeed }));
        var checkpoint = before.Sign(Guid.CreateVersion7(), 7, new string('a', 64), DateTimeOffset.UtcNow)!;

        using var after = new LedgerSigning(Options.Create(new LedgerOptions { SigningKey = newSeed, RetiredPublicKeys = [oldPublic] }));
        using var forgotten = new LedgerSigning(Options.Create(new LedgerOptions { SigningKey = newSeed }));

        Assert.Equal(oldId, checkpoint.KeyId);
        Assert.Equal([(newId, true), (oldId, false)], after.Keys.Select(key => (key.KeyId, key.Active)));
        Assert.True(LedgerSigning.Verify(checkpoint, after.Keys));
        Assert.False(LedgerSigning.Verify(checkpoint with { Seq = 8 }, after.Keys));
        Assert.False(LedgerSigning.Verify(checkpoint with { Hash = new string('b', 64) }, after.Keys));
        Assert.False(LedgerSigning.Verify(checkpoint, forgotten.Keys));
    }
}
