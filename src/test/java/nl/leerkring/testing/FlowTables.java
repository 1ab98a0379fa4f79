package nl.leerkring.testing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;
import nl.leerkring.store.Database;

/** Reads the state of case discussions straight from the tables, for end-to-end tests. */
public final class FlowTables {

    /** An action item as stored: owner, task and due date. */
    public record Action(String owner, String text, LocalDate due) {
    }

    /** A stored contribution: in which step (0-based), who, what kind, what. */
    public record Contribution(int step, String user, String kind, String text) {
    }

    private final Supplier<Database> current;

    public FlowTables(Database database) {
        this(() -> database);
    }

    /** Tables of whatever database {@code current} gives at the time: the same object serves across an app's restart. */
    public FlowTables(Supplier<Database> current) {
        this.current = current;
    }

    private Database database() {
        return current.get();
    }

    public long count(String table) {
        return Rows.countAll(database(), table);
    }

    public long newestFlow() {
        return Rows.one(database(), Long.class, "SELECT MAX(id) FROM flow_run");
    }

    public int stepIndex(long flow) {
        return Rows.one(database(), Integer.class, "SELECT step_index FROM flow_run WHERE id = ?", flow);
    }

    public String status(long flow) {
        return Rows.one(database(), String.class, "SELECT status FROM flow_run WHERE id = ?", flow);
    }

    /** When the current step's timer runs out, or null. */
    public Instant deadline(long flow) {
        return database().jdbi().withHandle(h -> h.createQuery("SELECT step_deadline FROM flow_run WHERE id = :id")
                .bind("id", flow).map((rs, ctx) -> rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant()).one());
    }

    public long contributions(long flow, int stepIndex) {
        return contributionRows(flow, stepIndex).size();
    }

    public List<Contribution> contributionRows(long flow, int stepIndex) {
        return contributionRows(flow).stream().filter(c -> c.step() == stepIndex).toList();
    }

    /** Every contribution to the flow, in the order they were made. */
    public List<Contribution> contributionRows(long flow) {
        return database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT step_index, user_id, kind, text FROM flow_contribution WHERE flow_id = :flow ORDER BY id""")
                .bind("flow", flow)
                .map((rs, ctx) -> new Contribution(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4))).list());
    }

    public List<Action> actions(long flow) {
        return database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT owner_id, text, due_date FROM action_item WHERE flow_id = :flow ORDER BY due_date, id""")
                .bind("flow", flow)
                .map((rs, ctx) -> new Action(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class))).list());
    }

    /** The step timers Quartz holds, as "name STATE" (WAITING, ACQUIRED …). */
    public List<String> timerTriggerStates() {
        return database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT trigger_name || ' ' || trigger_state FROM qrtz_triggers WHERE trigger_group = 'timers'
                        ORDER BY trigger_name""")
                .mapTo(String.class).list());
    }

    /** The names of the step timers Quartz holds (its qrtz_triggers table, group "timers"). */
    public List<String> timerTriggers() {
        return database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT trigger_name FROM qrtz_triggers WHERE trigger_group = 'timers' ORDER BY trigger_name")
                .mapTo(String.class).list());
    }
}
