package nl.leerkring.core.circle;

/** A member of a circle, known only by platform user id. */
public record Member(String userId, Role role) {
}
