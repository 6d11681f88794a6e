package dev.tasks.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "integration")
class IntegrationEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "project_id")
    long projectId;
    String kind;
    @Column(name = "display_name")
    String displayName;
    String config;
    @Column(name = "sensitive_config")
    byte[] sensitiveConfig;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "created_by_id")
    Long createdById;

    protected IntegrationEntity() {
    }
}
