//! The example data: the claims files in seeds/, built into the binary so that
//! `provtrack seed` works from any directory. A test checks that this list matches the
//! folder, so a new seed file cannot be forgotten here.

macro_rules! seed {
    ($name:literal) => {
        ($name, include_str!(concat!("../seeds/", $name)))
    };
}

/// (file name, contents), in load order: a file may refer to records defined in the
/// files before it.
pub const SEEDS: &[(&str, &str)] = &[
    seed!("00a-bloomberg-2025-01-russia-demands.toml"),
    seed!("00b-strana-today-2025-02-100-day-plan-leak.toml"),
    seed!("00c-bild-2025-02-masala-interview.toml"),
    seed!("00d-ntv-2025-02-bondarev-interview.toml"),
    seed!("01-voiceofeast-2025-01-17-trans-dnieper.toml"),
    seed!("02-voiceofeast-2025-02-12-peace-talks-next.toml"),
    seed!("03-dw-2025-02-13-us-peace-plans.toml"),
    seed!("04-axios-2025-11-19-secret-28-point-plan.toml"),
    seed!("05-bloomberg-2025-11-21-28-point-plan.toml"),
    seed!("06-unknown-italian-2025-11-21-28-point-plan-article-5.toml"),
];
