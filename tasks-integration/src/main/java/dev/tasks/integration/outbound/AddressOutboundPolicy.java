package dev.tasks.integration.outbound;

import dev.tasks.domain.shared.ConfigurationError;
import dev.tasks.domain.shared.OutboundPolicy;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@link OutboundPolicy} by the addresses a host resolves to: every address must be a public
 * unicast one, unless {@code TASKS_OUTBOUND_ALLOWED_HOSTS} (comma-separated host names or CIDR
 * ranges) allows the host by name or each address by range. A name that does not resolve now is
 * not refused (a DNS hiccup must not make an integration unsavable); it is judged again before
 * every call, when it must resolve to be reached at all.
 */
@ApplicationScoped
public class AddressOutboundPolicy implements OutboundPolicy {

    @Inject
    @ConfigProperty(name = "tasks.outbound.allowed.hosts")
    Optional<String> allowed;

    private List<String> allowedNames = List.of();
    private List<Cidr> allowedRanges = List.of();

    @PostConstruct
    void init() {
        configure(allowed.orElse(""));
    }

    /** Reads the allow-list; an entry that is neither a name nor a valid range stops the start. */
    void configure(String list) {
        List<String> names = new ArrayList<>();
        List<Cidr> ranges = new ArrayList<>();
        for (String entry : list.split(",")) {
            String item = entry.strip().toLowerCase(Locale.ROOT);
            if (item.isEmpty()) {
                continue;
            }
            if (item.contains("/")) {
                ranges.add(Cidr.parse(item));
            } else {
                names.add(item);
            }
        }
        allowedNames = List.copyOf(names);
        allowedRanges = List.copyOf(ranges);
    }

    @Override
    public Optional<String> refusal(String host) {
        if (host == null || host.isBlank()) {
            return Optional.of("no host");
        }
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (allowedNames.contains(name)) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(name);
        } catch (UnknownHostException e) {
            // Nothing to judge now (and nothing to reach): the check before each call decides.
            return Optional.empty();
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address) && allowedRanges.stream().noneMatch(range -> range.contains(address))) {
                return Optional.of("the host " + host + " resolves to " + address.getHostAddress()
                        + ", which is not a public address");
            }
        }
        return Optional.empty();
    }

    /** IPv6 ranges that are not public beyond what {@link InetAddress} itself tells: unique local, documentation. */
    private static final List<Cidr> NOT_PUBLIC_V6 = List.of(Cidr.parse("fc00::/7"), Cidr.parse("2001:db8::/32"));

    /** A public unicast address: not loopback, link-local, private, shared, multicast or unspecified. */
    static boolean isPublic(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] bytes = v6.getAddress();
            Optional<InetAddress> embedded = embeddedV4(bytes);
            if (embedded.isPresent()) {
                return isPublic(embedded.get());
            }
            if (NOT_PUBLIC_V6.stream().anyMatch(range -> range.contains(address))) {
                return false;
            }
        }
        if (address instanceof Inet4Address) {
            byte[] bytes = address.getAddress();
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            int third = bytes[2] & 0xff;
            boolean shared = first == 100 && second >= 64 && second < 128;
            boolean benchmarking = first == 198 && (second == 18 || second == 19);
            boolean protocolAssignments = first == 192 && second == 0 && third == 0;
            if (first == 0 || shared || benchmarking || protocolAssignments || first >= 240) {
                return false; // "this network", carrier NAT, benchmarking, IETF assignments, reserved
            }
        }
        return !(address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress() || address.isAnyLocalAddress());
    }

    /**
     * The IPv4 address an IPv6 one stands for: IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible
     * {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d}, or 6to4 {@code 2002:AABB:CCDD::}.
     */
    private static Optional<InetAddress> embeddedV4(byte[] bytes) {
        byte[] v4 = null;
        boolean zeroTen = allZero(bytes, 0, 10);
        if (zeroTen && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff
                || allZero(bytes, 0, 12) && !allZero(bytes, 12, 16)) {
            v4 = Arrays.copyOfRange(bytes, 12, 16);
        } else if ((bytes[0] & 0xff) == 0x00 && (bytes[1] & 0xff) == 0x64 && (bytes[2] & 0xff) == 0xff
                && (bytes[3] & 0xff) == 0x9b && allZero(bytes, 4, 12)) {
            v4 = Arrays.copyOfRange(bytes, 12, 16);
        } else if ((bytes[0] & 0xff) == 0x20 && (bytes[1] & 0xff) == 0x02) {
            v4 = Arrays.copyOfRange(bytes, 2, 6);
        }
        if (v4 == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(v4));
        } catch (UnknownHostException impossible) {
            return Optional.empty();
        }
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** An address range such as {@code 10.0.0.0/8} or {@code fd00::/8}. */
    record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            try {
                byte[] network = InetAddress.getByName(text.substring(0, slash)).getAddress();
                int prefix = Integer.parseInt(text.substring(slash + 1));
                if (prefix < 0 || prefix > network.length * 8 || !isLiteral(text.substring(0, slash))) {
                    throw new IllegalArgumentException();
                }
                return new Cidr(network, prefix);
            } catch (UnknownHostException | RuntimeException e) {
                throw new ConfigurationError("tasks.outbound.allowed.hosts", "'" + text
                        + "' is neither a host name nor an address range such as 10.0.0.0/8");
            }
        }

        private static boolean isLiteral(String text) {
            return text.matches("[0-9.]+") || text.contains(":");
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (bytes[full] & mask) == (network[full] & mask);
        }
    }
}
