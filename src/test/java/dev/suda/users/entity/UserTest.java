package dev.suda.users.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UserTest {

    @Test
    void guestsShowTheFirstTwoPartsOfTheirAddress() {
        assertEquals("나그네 (203.0)", User.guest("나그네", "203.0.113.7").display());
        assertEquals("n (2001:db8)", User.guest("n", "2001:db8::1").display());
        assertEquals("n (?)", User.guest("n", null).display());
    }

    @Test
    void membersShowTheirUsername() {
        assertEquals("민지", User.member("m@example.test", "민지", "hash").display());
    }

    @Test
    void theColumnsOfAUserShowAsTheUserDoes() {
        // a batch of posts reads these columns without building the entity
        assertEquals(User.guest("나그네", "203.0.113.7").display(), User.display("나그네", true, "203.0.113.7"));
        assertEquals("민지", User.display("민지", false, "203.0.113.7"));
    }
}
