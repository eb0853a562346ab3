package dev.suda.membership.entity;

/** A room role, highest first. A site admin stands above all of them (see {@code Ranks}). */
public enum Role {
    OWNER(4), ADMIN(3), MEMBER(2), GUEST(1);

    private final int rank;

    Role(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }
}
