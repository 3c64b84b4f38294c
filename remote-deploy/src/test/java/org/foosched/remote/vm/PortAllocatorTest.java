package org.foosched.remote.vm;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortAllocatorTest {

    @Test
    void theRealAllocatorGivesABindablePortOutsideTheReservedOnes() throws Exception {
        int first = new PortAllocator().allocate(Set.of());
        int second = new PortAllocator().allocate(Set.of(first));
        assertThat(second).isNotEqualTo(first);
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), second));
            assertThat(s.getLocalPort()).isEqualTo(second);
        }
    }

    @Test
    void aPortInUseIsNotFree() throws Exception {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertThat(PortAllocator.isFree(s.getLocalPort())).isFalse();
            int busy = s.getLocalPort();
            // a source that keeps offering the busy port first, then another
            Deque<Integer> offers = new ArrayDeque<>(List.of(busy, busy));
            PortAllocator a = new PortAllocator(() -> offers.isEmpty() ? ephemeral() : offers.poll());
            int got = a.allocate(Set.of());
            assertThat(got).isNotEqualTo(busy);
            assertThat(PortAllocator.isFree(got)).isTrue();
        }
    }

    @Test
    void skipsReservedAndOutOfRangeCandidates() {
        Deque<Integer> offers = new ArrayDeque<>(List.of(10022, 0, 70000, 10023, 10024));
        PortAllocator a = new PortAllocator(offers::poll);
        int got = a.allocate(Set.of(10022, 10023), p -> true);
        assertThat(got).isEqualTo(10024);
    }

    @Test
    void givesUpWithAClearMessage() {
        PortAllocator a = new PortAllocator(() -> 10022);
        assertThatThrownBy(() -> a.allocate(Set.of(10022), p -> true))
                .isInstanceOf(VmException.class)
                .hasMessageContaining("no free TCP port on 127.0.0.1")
                .hasMessageContaining("10022");
    }

    private static int ephemeral() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }
}
