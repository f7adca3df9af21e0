package org.rehabloop.assessment.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps webhooks off our own network (SSRF): https only unless plain http is allowed, and no host that is or resolves
 * to a loopback, private, link-local, unspecified, multicast or carrier-grade NAT address unless it is allow-listed.
 * Checked when a URL is registered and again, after resolution, before every send.
 */
public final class AddressGuard {
    private final boolean allowHttp;
    private final Set<String> allowedHosts;

    public AddressGuard(boolean allowHttp, Set<String> allowedHosts) {
        this.allowHttp = allowHttp;
        this.allowedHosts = allowedHosts;
    }

    /**
     * What a check found: a refusal, or the address that was checked and must be the one connected to. Sending to
     * {@link #address} (with the URL's host name kept for the Host header and TLS) leaves no second DNS lookup
     * between the check and the connection, so a name that resolves elsewhere a moment later (DNS rebinding) cannot
     * lead a webhook inside.
     */
    public record Checked(String refusal, URI uri, InetAddress address) {
        public boolean refused() {
            return refusal != null;
        }

        public int port() {
            return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        }

        /** The path and query to request, as sent. */
        public String target() {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }
    }

    /** Why {@code url} may not receive webhooks, or null when it may. */
    public String refusal(String url) {
        return check(url).refusal();
    }

    /** Checks {@code url} and resolves its host once; every address it resolves to must be external. */
    public Checked check(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return refused("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            return refused(allowHttp ? "must be an http or https URL" : "must be an https URL");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return refused("has no host");
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            return refused("has a host that does not resolve");
        }
        if (!allowedHosts.contains(bare.toLowerCase(Locale.ROOT))) {
            for (InetAddress address : addresses) {
                if (internal(address)) {
                    return refused("points at an internal address (" + address.getHostAddress() + ")");
                }
            }
        }
        return new Checked(null, uri, addresses[0]);
    }

    private static Checked refused(String why) {
        return new Checked(why, null, null);
    }

    static boolean internal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc;                                   // fc00::/7 unique local
        }
        return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64                  // 100.64.0.0/10 carrier-grade NAT
                || (b[0] & 0xff) == 0;                                        // 0.0.0.0/8
    }
}
