package dev.tasks.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

@Entity
@Table(name = "project_member")
class MembershipEntity {
    @EmbeddedId
    Key key;
    @Column(name = "joined_at")
    Instant joinedAt;

    protected MembershipEntity() {
    }

    MembershipEntity(long projectId, long userId, Instant joinedAt) {
        this.key = new Key(projectId, userId);
        this.joinedAt = joinedAt;
    }

    @Embeddable
    record Key(@Column(name = "project_id") long projectId, @Column(name = "user_id") long userId)
            implements Serializable {
    }
}
