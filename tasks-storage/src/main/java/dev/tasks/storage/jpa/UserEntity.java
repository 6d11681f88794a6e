package dev.tasks.storage.jpa;

import dev.tasks.domain.identity.User;
import dev.tasks.storage.db.UserRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "app_user")
class UserEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    UUID uuid;
    @Column(name = "distinct_id")
    String distinctId;
    String email;
    @Column(name = "first_name")
    String firstName;
    @Column(name = "last_name")
    String lastName;
    @Column(name = "is_staff")
    boolean staff;
    @Column(name = "is_active")
    boolean active;
    @Column(name = "date_joined")
    Instant dateJoined;
    @Column(name = "current_project_id")
    Long currentProjectId;

    protected UserEntity() {
    }

    User toDomain() {
        return new UserRow(id, uuid, distinctId, email, firstName, lastName, staff, active, dateJoined, currentProjectId)
                .toDomain();
    }

    void copy(User user) {
        email = user.email();
        firstName = user.firstName();
        lastName = user.lastName();
        staff = user.staff();
        active = user.active();
        currentProjectId = user.currentProject() == null ? null : user.currentProject().value();
    }
}
