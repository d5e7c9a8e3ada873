package dev.ragstore.redis;

import dev.ragstore.core.plan.Plan;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.plan.PlanRepository;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Caches plans by id ({@code plan:<id>}) and plan names as a mapping to the id
 * ({@code plan_name:<name>}); since names can change, a mapped plan is served only if its name
 * still matches. Updates and deletes invalidate the id entry.
 */
final class CachedPlanRepository implements PlanRepository {

    private final PlanRepository delegate;
    private final ReadThrough cache;

    CachedPlanRepository(PlanRepository delegate, ReadThrough cache) {
        this.delegate = delegate;
        this.cache = cache;
    }

    @Override
    public Plan insert(Plan plan) {
        return delegate.insert(plan);
    }

    @Override
    public Optional<Plan> findById(PlanId id) {
        Objects.requireNonNull(id, "id");
        return cache.find(cache.redis().keys().plan(id), null, Plan.class, plan -> plan.id().equals(id), () -> delegate.findById(id));
    }

    @Override
    public Optional<Plan> findByName(String name) {
        Objects.requireNonNull(name, "name");
        String mappingKey = cache.redis().keys().planName(name);
        Optional<String> mapped = cache.cache().get(mappingKey);
        if (mapped.isPresent()) {
            Optional<Plan> plan = parse(mapped.get()).flatMap(this::findById);
            if (plan.isPresent() && plan.get().name().equals(name)) {
                return plan;
            }
        }
        Optional<Plan> loaded = delegate.findByName(name);
        loaded.ifPresent(plan -> cache.cache().put(mappingKey, plan.id().toString()));
        return loaded;
    }

    @Override
    public List<Plan> list() {
        return delegate.list();
    }

    @Override
    public Plan update(Plan plan) {
        Plan updated = delegate.update(plan);
        cache.invalidate(cache.redis().keys().plan(updated.id()));
        return updated;
    }

    @Override
    public boolean delete(PlanId id) {
        boolean existed = delegate.delete(id);
        if (existed) {
            cache.invalidate(cache.redis().keys().plan(id));
        }
        return existed;
    }

    private static Optional<PlanId> parse(String text) {
        try {
            return Optional.of(new PlanId(UUID.fromString(text)));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }
}
