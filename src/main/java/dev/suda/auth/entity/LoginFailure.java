package dev.suda.auth.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** One failed sign-in: the login throttle counts those of its window, per account and per client address. */
@Entity
@Table(name = "login_failures")
@NamedQuery(name = LoginFailure.OF_ACCOUNT, query = "SELECT COUNT(f) FROM LoginFailure f WHERE f.account = :account"
        + " AND f.failedAt > :since")
@NamedQuery(name = LoginFailure.OF_ADDRESS, query = "SELECT COUNT(f) FROM LoginFailure f WHERE f.address = :address"
        + " AND f.failedAt > :since")
@NamedQuery(name = LoginFailure.FORGIVE_ACCOUNT, query = "DELETE FROM LoginFailure f WHERE f.account = :account")
@NamedQuery(name = LoginFailure.FORGET_BEFORE, query = "DELETE FROM LoginFailure f WHERE f.failedAt < :before")
public class LoginFailure {

    public static final String OF_ACCOUNT = "LoginFailure.ofAccount";
    public static final String OF_ADDRESS = "LoginFailure.ofAddress";
    public static final String FORGIVE_ACCOUNT = "LoginFailure.forgiveAccount";
    public static final String FORGET_BEFORE = "LoginFailure.forgetBefore";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String account;

    private String address;

    @Column(name = "failed_at")
    private Instant failedAt;

    protected LoginFailure() {
    }

    public LoginFailure(String account, String address, Instant failedAt) {
        this.account = account;
        this.address = address;
        this.failedAt = failedAt;
    }
}
