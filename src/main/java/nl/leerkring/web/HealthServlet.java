package nl.leerkring.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /healthz}: the database, the scheduler and the outbox and inbox backlogs, as JSON; 200 when
 * database and scheduler are up, 503 when not. The backlog is only read while the database is up.
 */
public final class HealthServlet extends HttpServlet {

    /**
     * Messages waiting in the outbox, how long the oldest of them has waited (null when none),
     * and events acked but not yet handled (the inbox).
     */
    public record Backlog(long pending, Duration oldestPendingAge, long unhandled) {
    }

    private final transient BooleanSupplier database;
    private final transient BooleanSupplier scheduler;
    private final transient Supplier<Backlog> backlog;

    public HealthServlet(BooleanSupplier database, BooleanSupplier scheduler) {
        this(database, scheduler, null);
    }

    public HealthServlet(BooleanSupplier database, BooleanSupplier scheduler, Supplier<Backlog> backlog) {
        this.database = database;
        this.scheduler = scheduler;
        this.backlog = backlog;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        boolean db = database.getAsBoolean();
        boolean sched = scheduler.getAsBoolean();
        boolean healthy = db && sched;
        StringBuilder json = new StringBuilder("{\"status\":\"" + (healthy ? "ok" : "unavailable") + "\",\"database\":\""
                + (db ? "up" : "down") + "\",\"scheduler\":\"" + (sched ? "running" : "stopped") + "\"");
        if (db && backlog != null) {
            try {
                Backlog b = backlog.get();
                json.append(",\"outbox\":{\"pending\":").append(b.pending()).append(",\"oldest_pending_seconds\":")
                        .append(b.oldestPendingAge() == null ? "null" : Long.toString(b.oldestPendingAge().toSeconds()))
                        .append("},\"inbox\":{\"unhandled\":").append(b.unhandled()).append('}');
            } catch (RuntimeException e) {
                json.append(",\"outbox\":null");
            }
        }
        json.append('}');
        resp.setStatus(healthy ? 200 : 503);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.getWriter().write(json.toString());
    }
}
