package io.dropline.experiences.access.appointment;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.experiences.access.distribution.DistributionEvents;
import io.dropline.experiences.access.distribution.DistributionTimers;
import io.dropline.experiences.access.distribution.DistributionType;
import io.dropline.experiences.access.distribution.DistributionView;
import io.dropline.experiences.access.distribution.EntryResponse;
import io.dropline.experiences.access.distribution.Participants;
import io.dropline.experiences.access.distribution.TimerJob;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The appointment as a distribution type: its admin rows, its consumer list (its bookings) and its timers:
 * {@code open} and {@code close} ({@code distribution.opened} / {@code distribution.closed}) and one reminder job per
 * booked slot and kind ({@code remind-24h@<epoch second>}, {@code remind-1h@<epoch second>}).
 */
@Component
class AppointmentDistribution implements DistributionType {

    static final List<String> STATUSES = List.of(BookingEntity.BOOKED, BookingEntity.CANCELLED, BookingEntity.REMOVED);
    private static final KeysetList<EntryResponse.Row> LIST = Participants.list(STATUSES);

    private final AppointmentService appointments;
    private final AppointmentRepository repository;
    private final BookingRepository bookingRows;
    private final Bookings bookings;
    private final DistributionEvents events;

    AppointmentDistribution(AppointmentService appointments, AppointmentRepository repository, BookingRepository bookingRows,
            Bookings bookings, DistributionEvents events) {
        this.appointments = appointments;
        this.repository = repository;
        this.bookingRows = bookingRows;
        this.bookings = bookings;
        this.events = events;
    }

    @Override
    public String name() {
        return AppointmentIds.TYPE;
    }

    @Override
    public String idPrefix() {
        return AppointmentIds.PREFIX;
    }

    @Override
    public Flux<DistributionView> findAll(InternalContext context, Collection<UUID> ids) {
        Instant now = appointments.now();
        return repository.findByIds(context, ids).map(entity -> AppointmentResponse.from(entity, now));
    }

    @Override
    public Mono<DistributionView> find(InternalContext context, UUID id) {
        return repository.findById(context, id).map(entity -> AppointmentResponse.from(entity, appointments.now()));
    }

    @Override
    public Flux<DistributionView> ofExperiences(InternalContext context, Collection<UUID> experienceIds) {
        return appointments.ofExperiences(context, experienceIds).map(DistributionView.class::cast);
    }

    @Override
    public KeysetList<EntryResponse.Row> participantList() {
        return LIST;
    }

    @Override
    public Flux<EntryResponse.Row> participants(InternalContext context, UUID id, Keyset<EntryResponse.Row> keyset) {
        return bookingRows.participants(context, id, keyset);
    }

    /** Open and close announce the change, reminders remind; an appointment deleted since has nothing to do. */
    @Override
    public Mono<Void> onTimer(TimerJob job) {
        return repository.findAnyById(job.distributionId())
                .flatMap(appointment -> {
                    if (job.kind().startsWith(Bookings.REMIND_24H) || job.kind().startsWith(Bookings.REMIND_1H)) {
                        return bookings.remind(appointment, job.kind(), job.dueAt());
                    }
                    return switch (job.kind()) {
                        case DistributionTimers.OPEN -> appointment.stopped() ? Mono.<Void>empty() : events.opened(appointment.ref(), job.dueAt());
                        case DistributionTimers.CLOSE -> bookingRows.countBooked(appointment.id())
                                .flatMap(total -> events.closed(appointment.ref(), job.dueAt(), total));
                        default -> Mono.<Void>error(new IllegalArgumentException("Not an appointment timer: " + job.kind()));
                    };
                });
    }
}
