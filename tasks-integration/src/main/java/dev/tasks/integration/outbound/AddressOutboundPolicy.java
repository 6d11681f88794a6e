package dev.tasks.integration.outbound;

import dev.tasks.domain.shared.OutboundPolicy;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@link OutboundPolicy} by the addresses a host resolves to: every address must be a public
 * unicast one, unless {@code TASKS_OUTBOUND_ALLOWED_HOSTS} (comma-separated host names or CIDR
 * ranges) allows the host by name or each address by range.
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
            return Optional.of("the host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address) && allowedRanges.stream().noneMatch(range -> range.contains(address))) {
                return Optional.of("the host " + host + " resolves to " + address.getHostAddress()
                        + ", which is not a public address");
            }
        }
        return Optional.empty();
    }

    /** A public unicast address: not loopback, link-local, private, shared, multicast or unspecified. */
    static boolean isPublic(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] bytes = v6.getAddress();
            if (isMappedV4(bytes)) {
                try {
                    return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException impossible) {
                    return false;
                }
            }
            if ((bytes[0] & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7
            }
        }
        if (address instanceof Inet4Address) {
            byte[] bytes = address.getAddress();
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            if (first == 0 || first == 100 && second >= 64 && second < 128 || first >= 240) {
                return false; // "this network", shared address space (carrier NAT), reserved
            }
        }
        return !(address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress() || address.isAnyLocalAddress());
    }

    private static boolean isMappedV4(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
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
                throw new IllegalArgumentException("TASKS_OUTBOUND_ALLOWED_HOSTS: '" + text
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
