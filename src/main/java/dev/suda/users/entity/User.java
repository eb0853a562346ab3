package dev.suda.users.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "users")
@NamedQuery(name = User.BY_EMAIL, query = "SELECT u FROM User u WHERE u.email = :email")
@NamedQuery(name = User.ALL, query = "SELECT u FROM User u WHERE u.id < :before ORDER BY u.id DESC")
public class User {

    public static final String BY_EMAIL = "User.byEmail";
    public static final String ALL = "User.all";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String email;

    private String username;

    /** The PBKDF2 hash; null for guests, who have no password. */
    @Column(name = "password")
    private String passwordHash;

    @Column(name = "is_admin")
    private boolean admin;

    @Column(name = "is_guest")
    private boolean guest;

    @Column(name = "is_banned")
    private boolean banned;

    @Column(name = "ban_reason")
    private String banReason;

    @Column(name = "ip_address")
    private String ipAddress;

    @Column(name = "created_at")
    private Instant createdAt;

    protected User() {
    }

    public static User member(String email, String username, String passwordHash) {
        User user = new User();
        user.email = email;
        user.username = username;
        user.passwordHash = passwordHash;
        user.createdAt = Instant.now();
        return user;
    }

    public static User guest(String nickname, String ipAddress) {
        User user = new User();
        user.username = nickname;
        user.guest = true;
        user.ipAddress = ipAddress;
        user.createdAt = Instant.now();
        return user;
    }

    /** How everyone sees this user: the username, or {@code nickname (a.b)} for a guest. */
    public String display() {
        return display(username, guest, ipAddress);
    }

    /** {@link #display()} from the columns it is made of, for reads that build no entity. */
    public static String display(String username, boolean guest, String ipAddress) {
        return guest ? username + " (" + ipPrefix(ipAddress) + ")" : username;
    }

    /** The first two parts of an address, as Korean communities show guests: 203.0.113.7 -> 203.0. */
    public static String ipPrefix(String address) {
        if (address == null || address.isBlank()) {
            return "?";
        }
        String[] parts = address.contains(".") ? address.split("\\.") : address.split(":");
        String separator = address.contains(".") ? "." : ":";
        return parts.length < 2 ? parts[0] : parts[0] + separator + parts[1];
    }

    public void ban(String reason) {
        banned = true;
        banReason = reason;
    }

    public void unban() {
        banned = false;
        banReason = null;
    }

    public Long getId() {
        return id;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    public boolean isAdmin() {
        return admin;
    }

    public void setAdmin(boolean admin) {
        this.admin = admin;
    }

    public boolean isGuest() {
        return guest;
    }

    public boolean isBanned() {
        return banned;
    }

    public String getBanReason() {
        return banReason;
    }

    public String getIpAddress() {
        return ipAddress;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
