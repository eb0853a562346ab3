package dev.suda.pages.boundary;

import dev.suda.platform.Problem;
import dev.suda.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.MessageInterpolator;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The pages' forms, under the same rules as the API's request bodies, checked with Bean Validation. */
@ApplicationScoped
public class Forms {

    /** Any script and emoji, no control characters: as the API allows for names. */
    static final String NAME = "^[^\\p{Cc}]+$";

    public record SignIn(@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(max = 200) String password) {
    }

    public record Registration(
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Size(min = 2, max = 40) @Pattern(regexp = NAME, message = "{dev.suda.name.noControl}") String username,
            @NotBlank @Size(min = 8, max = 200) String password) {
    }

    public record GuestEntry(@NotBlank @Size(max = 30) @Pattern(regexp = NAME, message = "{dev.suda.name.noControl}") String nickname) {
    }

    public record RoomName(@NotBlank @Size(max = 100) @Pattern(regexp = NAME, message = "{dev.suda.name.noControl}") String name) {
    }

    public record Reason(@Size(max = 500) String reason) {
    }

    @Inject
    Validator validator;

    @Inject
    ValidatorFactory factory;

    /** The form, or a 400 naming every field that is wrong. */
    public <T> T check(T form) {
        return check(form, validator);
    }

    /** The same, with what is wrong said in the reader's language (Hibernate Validator's messages and ours). */
    public <T> T check(T form, Locale locale) {
        MessageInterpolator standard = factory.getMessageInterpolator();
        MessageInterpolator inLocale = new MessageInterpolator() {
            @Override
            public String interpolate(String template, Context context) {
                return standard.interpolate(template, context, locale);
            }

            @Override
            public String interpolate(String template, Context context, Locale other) {
                return standard.interpolate(template, context, other);
            }
        };
        return check(form, factory.usingContext().messageInterpolator(inLocale).getValidator());
    }

    private <T> T check(T form, Validator validator) {
        Set<ConstraintViolation<T>> violations = validator.validate(form);
        if (violations.isEmpty()) {
            return form;
        }
        List<Problem.FieldError> errors = violations.stream()
                .map(v -> new Problem.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field)).toList();
        String detail = errors.stream().map(e -> e.field() + " " + e.message()).reduce((a, b) -> a + "; " + b).orElse("");
        throw new ProblemException(400, "invalid", "Please check the form: " + detail, errors);
    }
}
