using System.Net;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Webhooks;

namespace SmartRegion.UnitTests.Features.Webhooks;

/// <summary>The webhook rules that need no database: signatures, the retry schedule, address ranges, which changes raise events.</summary>
public sealed class WebhookRulesTests
{
    [Fact]
    public void The_signature_is_the_one_of_the_Standard_Webhooks_specification_example()
    {
        var signature = WebhookSigning.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void During_an_overlap_the_new_secret_signs_first_and_the_old_one_second()
    {
        var (current, previous) = (WebhookSigning.NewSecret(), WebhookSigning.NewSecret());

        var header = WebhookSigning.Header(current, previous, "id", 1, "{}");

        Assert.Equal($"{WebhookSigning.Sign(current, "id", 1, "{}")} {WebhookSigning.Sign(previous, "id", 1, "{}")}", header);
        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", current);
    }

    [Theory]
    [InlineData(1, 0.0, 5)]
    [InlineData(2, 0.0, 10)]
    [InlineData(3, 0.0, 20)]
    [InlineData(13, 0.0, 20480)]
    [InlineData(14, 0.0, 36000)]
    [InlineData(40, 0.0, 36000)]
    [InlineData(1, 1.0, 4)]
    [InlineData(2, 0.5, 9)]
    public void Retries_wait_5_s_doubling_up_to_10_h_shortened_by_up_to_a_fifth(int attempts, double random, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), WebhookDispatcher.RetryDelay(new WebhookOptions(), attempts, random));
    }

    [Theory]
    [InlineData("8.8.8.8", "Public")]
    [InlineData("2a00:1450:4001:80b::200e", "Public")]
    [InlineData("127.0.0.1", "Loopback")]
    [InlineData("127.8.9.10", "Loopback")]
    [InlineData("::1", "Loopback")]
    [InlineData("::ffff:127.0.0.1", "Loopback")]
    [InlineData("10.0.0.1", "Private")]
    [InlineData("172.31.255.255", "Private")]
    [InlineData("172.32.0.1", "Public")]
    [InlineData("192.168.178.1", "Private")]
    [InlineData("169.254.169.254", "Private")]
    [InlineData("100.64.0.1", "Private")]
    [InlineData("fd12:3456::1", "Private")]
    [InlineData("fe80::1", "Private")]
    [InlineData("::ffff:10.1.1.1", "Private")]
    [InlineData("0.0.0.0", "NotUnicast")]
    [InlineData("::", "NotUnicast")]
    [InlineData("239.1.2.3", "NotUnicast")]
    [InlineData("ff02::1", "NotUnicast")]
    public void Addresses_are_classified_by_their_range(string address, string kind)
    {
        Assert.Equal(kind, WebhookTargets.Classify(IPAddress.Parse(address)).ToString());
    }

    [Theory]
    [InlineData("project", "created", "project.created")]
    [InlineData("project", "transition", "project.status_changed")]
    [InlineData("project", "updated", null)]
    [InlineData("participation", "created", "participation.state_changed")]
    [InlineData("participation", "transition", "participation.state_changed")]
    [InlineData("participation", "updated", null)]
    [InlineData("decision", "recorded", "decision.recorded")]
    [InlineData("circulation", "opened", "circulation.opened")]
    [InlineData("circulation", "closed", "circulation.closed")]
    [InlineData("circulation", "cancelled", "circulation.closed")]
    [InlineData("circulation", "voted", null)]
    [InlineData("status_report", "created", "status_report.created")]
    [InlineData("meeting", "agenda-item-added", "meeting.changed")]
    [InlineData("api_key", "created", null)]
    public void Changes_raise_the_events_their_kind_names(string entityType, string kind, string? eventType)
    {
        Assert.Equal(eventType, WebhookEventTypes.Of(entityType, kind));
    }
}
