package nl.leerkring.delivery;

/**
 * Switches the delivery worker's lane for forms with a trigger on or off for the workers made
 * after it: only for the benchmark that measures the lane against sending modals in their
 * conversation's turn ({@code bench.ModalLaneBenchmark}).
 */
public final class ModalLaneSwitch {

    private ModalLaneSwitch() {
    }

    public static void set(boolean on) {
        DeliveryWorker.modalLane = on;
    }
}
