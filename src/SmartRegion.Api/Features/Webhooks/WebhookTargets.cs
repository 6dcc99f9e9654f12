using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Webhooks;

/// <summary>
/// Keeps webhook deliveries from becoming server-side request forgery: a target is an absolute <c>https</c> URL
/// without credentials whose host resolves only to public addresses. Loopback (also over plain <c>http</c>) and
/// private networks only when <see cref="WebhookOptions"/> allows them. Checked when a subscription is made or changed,
/// and again at every connection the dispatcher opens (<see cref="ConnectAsync"/>), since DNS can change between the two.
/// </summary>
public sealed class WebhookTargets(IOptions<WebhookOptions> options)
{
    public const int UrlMaxLength = 2000;

    private readonly WebhookOptions options = options.Value;

    /// <summary>Why the URL is refused as a target, in the caller's language; null when it is acceptable.</summary>
    public async Task<string?> RefusalAsync(string url, CancellationToken ct)
    {
        if (ShapeRefusal(url) is { } shape)
        {
            return shape;
        }

        var uri = new Uri(url);
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.IdnHost, ct);
        }
        catch (SocketException)
        {
            return Localized.Text(
                $"The host '{uri.Host}' does not resolve; a target must be reachable when it is subscribed.",
                $"Der Host „{uri.Host}“ lässt sich nicht auflösen; ein Ziel muss beim Abonnieren erreichbar sein.");
        }

        return AddressRefusal(uri.Host, addresses) ?? LoopbackSchemeRefusal(uri, addresses);
    }

    /// <summary>The checks that need no DNS: absolute https URL (http only towards loopback when allowed), no user info, no fragment.</summary>
    public string? ShapeRefusal(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return Localized.Text("The target must be an absolute https URL.", "Das Ziel muss eine absolute https-URL sein.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !(options.AllowLoopback && IsLoopbackName(uri)))
        {
            return Localized.Text(
                "The target must use https; plain http is allowed only towards loopback, and only when the service is configured for it (Webhooks:AllowLoopback).",
                "Das Ziel muss https verwenden; unverschlüsseltes http ist nur zu Loopback-Adressen erlaubt, und nur wenn der Dienst dafür konfiguriert ist (Webhooks:AllowLoopback).");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return Localized.Text(
                "The target URL must not contain credentials or a fragment; the signature authenticates the sender.",
                "Die Ziel-URL darf weder Zugangsdaten noch ein Fragment enthalten; die Signatur weist den Absender aus.");
        }

        return null;
    }

    /// <summary>Why one of these addresses may not be connected to, or null when all may.</summary>
    public string? AddressRefusal(string host, IReadOnlyList<IPAddress> addresses)
    {
        if (addresses.Count == 0)
        {
            return Localized.Text($"The host '{host}' has no address.", $"Der Host „{host}“ hat keine Adresse.");
        }

        foreach (var address in addresses)
        {
            var kind = Classify(address);
            var allowed = kind switch
            {
                AddressKind.Public => true,
                AddressKind.Loopback => options.AllowLoopback,
                AddressKind.Private => options.AllowPrivateNetworks,
                _ => false,
            };
            if (!allowed)
            {
                return kind switch
                {
                    AddressKind.Loopback => Localized.Text(
                        $"The host '{host}' resolves to the loopback address {address}; loopback targets are not allowed here.",
                        $"Der Host „{host}“ verweist auf die Loopback-Adresse {address}; Loopback-Ziele sind hier nicht erlaubt."),
                    AddressKind.Private => Localized.Text(
                        $"The host '{host}' resolves to {address} in a private or link-local network; such targets are not allowed here.",
                        $"Der Host „{host}“ verweist auf {address} in einem privaten oder link-lokalen Netz; solche Ziele sind hier nicht erlaubt."),
                    _ => Localized.Text(
                        $"The host '{host}' resolves to {address}, which is not a unicast internet address.",
                        $"Der Host „{host}“ verweist auf {address}, keine Unicast-Adresse im Internet."),
                };
            }
        }

        return null;
    }

    /// <summary>
    /// The dispatcher's connect step (<see cref="SocketsHttpHandler.ConnectCallback"/>): resolves the host itself, refuses
    /// when any address is not allowed, and connects only to the addresses it checked.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await ResolveAsync(host, ct);
        if (AddressRefusal(host, addresses) is { } refusal)
        {
            throw new WebhookTargetRefusedException(refusal);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    internal enum AddressKind
    {
        Public,
        Loopback,
        Private,
        NotUnicast,
    }

    internal static AddressKind Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return AddressKind.Loopback;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return (b[0], b[1]) switch
            {
                (0, _) or (>= 224, _) => AddressKind.NotUnicast,
                (10, _) or (172, >= 16 and <= 31) or (192, 168) or (169, 254) or (100, >= 64 and <= 127) => AddressKind.Private,
                (192, 0) when b[2] == 0 => AddressKind.Private,
                (198, 18 or 19) => AddressKind.Private,
                _ => AddressKind.Public,
            };
        }

        if (address.Equals(IPAddress.IPv6Any) || address.IsIPv6Multicast)
        {
            return AddressKind.NotUnicast;
        }

        var first = address.GetAddressBytes()[0];
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || (first & 0xFE) == 0xFC
            ? AddressKind.Private
            : AddressKind.Public;
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);

    private static bool IsLoopbackName(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>http is for loopback only: a name that looked like loopback must also resolve only to loopback.</summary>
    private static string? LoopbackSchemeRefusal(Uri uri, IPAddress[] addresses) =>
        uri.Scheme == Uri.UriSchemeHttp && !addresses.All(IPAddress.IsLoopback)
            ? Localized.Text("Plain http is allowed only towards loopback addresses.", "Unverschlüsseltes http ist nur zu Loopback-Adressen erlaubt.")
            : null;
}

/// <summary>A delivery's target resolved to an address that is not allowed; the attempt fails without a request.</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);
