package nl.leerkring.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/** {@code GET /healthz}: the database and the scheduler, as JSON; 200 when both are up, 503 when not. */
public final class HealthServlet extends HttpServlet {

    private final transient BooleanSupplier database;
    private final transient BooleanSupplier scheduler;

    public HealthServlet(BooleanSupplier database, BooleanSupplier scheduler) {
        this.database = database;
        this.scheduler = scheduler;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        boolean db = database.getAsBoolean();
        boolean sched = scheduler.getAsBoolean();
        boolean healthy = db && sched;
        resp.setStatus(healthy ? 200 : 503);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.getWriter().write("{\"status\":\"" + (healthy ? "ok" : "unavailable") + "\",\"database\":\""
                + (db ? "up" : "down") + "\",\"scheduler\":\"" + (sched ? "running" : "stopped") + "\"}");
    }
}
