package nl.leerkring.core.setup;

import java.util.List;
import java.util.Map;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.command.CommandRegistry;
import nl.leerkring.core.feature.Feature;
import nl.leerkring.core.feature.PersonalData;
import nl.leerkring.core.circle.Person;
import org.jdbi.v3.core.Handle;

/** The circle itself: starting one, members and roles, its learning question, contract and language. */
public final class CircleFeature implements Feature {

    @Override
    public String name() {
        return "circle";
    }

    @Override
    public String bundle() {
        return "messages";
    }

    @Override
    public void register(CommandRegistry registry) {
        CircleCommands.register(registry);
        registry.onScheduled(Undeliverable.ACTION, Undeliverable::tellFacilitators);
        registry.onMembership((turn, circle, user, joined) -> {
            if (joined) {
                SizeAdvice.afterJoin(turn, circle);
            }
        });
    }

    @Override
    public Map<String, List<Map<String, Object>>> export(Handle handle, Person person) {
        return Map.of("circle_member", PersonalData.rows(handle, """
                SELECT c.channel_id, m.role, m.joined_at, m.time_zone FROM circle_member m JOIN circle c ON c.id = m.circle_id
                WHERE m.user_id = :user AND m.circle_id IN""" + " " + PersonalData.CIRCLES + " ORDER BY m.circle_id", person));
    }

    @Override
    public Map<String, Integer> erase(Handle handle, Person person) {
        return Map.of("memberships", PersonalData.update(handle,
                "DELETE FROM circle_member WHERE user_id = :user AND circle_id IN " + PersonalData.CIRCLES, person));
    }

    /** Last of all (the list is walked backwards): the circle row, and with it what still refers to it. */
    @Override
    public Map<String, Integer> deleteCircle(Handle handle, Circle circle) {
        int members = PersonalData.update(handle, "DELETE FROM circle_member WHERE circle_id = :circle", circle);
        PersonalData.update(handle, "DELETE FROM circle WHERE id = :circle AND workspace_id = :workspace", circle);
        return Map.of("members", members);
    }
}
