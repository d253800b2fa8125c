package io.dropline.contracts.outbound;

import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * A "resolver" that answers one host name with addresses the SSRF guard already vetted and nothing else, so the
 * connection goes exactly where the check said (no second DNS answer, no rebinding) while TLS still verifies the
 * certificate against the host name.
 */
public final class PinnedAddressResolverGroup extends AddressResolverGroup<InetSocketAddress> {

    private final String host;
    private final List<InetAddress> addresses;

    public PinnedAddressResolverGroup(String host, List<InetAddress> addresses) {
        this.host = host;
        this.addresses = List.copyOf(addresses);
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new AbstractAddressResolver<>(executor, InetSocketAddress.class) {

            @Override
            protected boolean doIsResolved(InetSocketAddress address) {
                return !address.isUnresolved();
            }

            @Override
            protected void doResolve(InetSocketAddress unresolved, Promise<InetSocketAddress> promise) {
                if (!host.equalsIgnoreCase(unresolved.getHostString())) {
                    promise.setFailure(new UnknownHostException(unresolved.getHostString()));
                    return;
                }
                promise.setSuccess(new InetSocketAddress(addresses.get(0), unresolved.getPort()));
            }

            @Override
            protected void doResolveAll(InetSocketAddress unresolved, Promise<List<InetSocketAddress>> promise) {
                if (!host.equalsIgnoreCase(unresolved.getHostString())) {
                    promise.setFailure(new UnknownHostException(unresolved.getHostString()));
                    return;
                }
                promise.setSuccess(addresses.stream().map(address -> new InetSocketAddress(address, unresolved.getPort())).toList());
            }
        };
    }
}
