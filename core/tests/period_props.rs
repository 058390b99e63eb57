//! Properties of the date parsers, and of every parser that reads text a
//! user or the service supplies: round trips through each accepted form,
//! and no panic on any input.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ffiec_core::credentials::{RestCredentials, SoapCredentials};
use ffiec_core::period::{ReportingPeriod, SinceDate, SubmissionTime};
use ffiec_core::proxy::Proxy;
use jiff::Timestamp;
use jiff::civil::DateTime;
use proptest::prelude::*;

/// Any quarter end with a four-digit year.
fn quarter_end() -> impl Strategy<Value = ReportingPeriod> {
    (1000i16..=9999, 1u8..=4)
        .prop_map(|(year, quarter)| ReportingPeriod::from_quarter(year, quarter).unwrap())
}

/// Any civil date-time with a four-digit year, kept to the millisecond.
fn since_datetime() -> impl Strategy<Value = DateTime> {
    (
        1000i16..=9999,
        1i8..=12,
        1i8..=31,
        0i8..=23,
        0i8..=59,
        0i8..=59,
        0i32..1000,
    )
        .prop_filter_map(
            "a calendar date",
            |(year, month, day, hour, minute, second, millis)| {
                DateTime::new(year, month, day, hour, minute, second, millis * 1_000_000).ok()
            },
        )
}

/// Text made of the characters the date grammars are built from, so that
/// the parsers' deeper branches are reached, not only the first refusal.
fn date_like_text() -> impl Strategy<Value = String> {
    "[0-9/:. \\-QqTAPMapm]{0,32}"
}

/// An unsigned JWT whose payload is `payload`.
fn jwt(payload: &str) -> String {
    format!("eyJhbGciOiJub25lIn0.{}.", URL_SAFE_NO_PAD.encode(payload))
}

proptest! {
    #[test]
    fn every_user_form_of_a_quarter_end_reads_back(period in quarter_end()) {
        let date = period.date();
        let (year, month, day, quarter) = (date.year(), date.month(), date.day(), period.quarter());
        let forms = [
            format!("{quarter}Q{year}"),
            format!("{quarter}q{year}"),
            format!("{year:04}-{month:02}-{day:02}"),
            format!("{year:04}{month:02}{day:02}"),
            format!("{month}/{day}/{year}"),
            format!("{month:02}/{day:02}/{year}"),
            period.to_string(),
            period.to_wire(),
        ];
        for form in forms {
            prop_assert_eq!(form.parse::<ReportingPeriod>().unwrap(), period, "{}", form);
        }
    }

    #[test]
    fn the_wire_form_is_unpadded_and_reads_back(period in quarter_end()) {
        let wire = period.to_wire();
        prop_assert!(!wire.starts_with('0') && !wire.contains("/0"), "{}", wire);
        prop_assert_eq!(ReportingPeriod::from_wire(&wire).unwrap(), period);

        let date = period.date();
        let padded = format!("{:02}/{:02}/{}", date.month(), date.day(), date.year());
        prop_assert_eq!(ReportingPeriod::from_wire(&padded).unwrap(), period);
    }

    #[test]
    fn a_date_that_is_not_a_quarter_end_is_refused(
        (year, month, day) in (1000i16..=9999, 1i8..=12, 1i8..=28)
    ) {
        let text = format!("{year}-{month:02}-{day:02}");
        let error = text.parse::<ReportingPeriod>().unwrap_err();
        prop_assert!(error.is_validation());
        prop_assert!(error.context().contains(&format!("\"{text}\"")), "{}", error);
    }

    #[test]
    fn since_dates_round_trip_through_the_wire_form(datetime in since_datetime()) {
        let since = SinceDate::new(datetime).unwrap();
        let wire = since.to_wire();
        prop_assert_eq!(wire.parse::<SinceDate>().unwrap(), since, "{}", wire);
        prop_assert_eq!(since.datetime(), datetime);
    }

    #[test]
    fn submission_times_round_trip_through_the_wire_form(
        seconds in -30_000_000_000i64..=250_000_000_000
    ) {
        let instant = Timestamp::from_second(seconds).unwrap();
        let time = SubmissionTime::from_timestamp(instant).unwrap();
        let wire = time.to_wire();

        let reread = SubmissionTime::from_wire(&wire).unwrap();
        prop_assert_eq!(reread.to_wire(), wire.clone());
        // A wall-clock time repeated when daylight saving time ends reads as
        // its first occurrence, an hour before the second.
        let drift = instant.as_second() - reread.timestamp().as_second();
        prop_assert!(drift == 0 || drift == 3600, "{} drifted {}s", wire, drift);
    }

    #[test]
    fn date_parsers_never_panic(text in any::<String>()) {
        let _ = text.parse::<ReportingPeriod>();
        let _ = ReportingPeriod::from_wire(&text);
        let _ = text.parse::<SinceDate>();
        let _ = text.parse::<SubmissionTime>();
        let _ = SubmissionTime::from_wire(&text);
    }

    #[test]
    fn date_parsers_never_panic_on_date_like_text(text in date_like_text()) {
        let _ = text.parse::<ReportingPeriod>();
        let _ = text.parse::<SinceDate>();
        let _ = text.parse::<SubmissionTime>();
    }

    #[test]
    fn proxy_parsing_never_panics(text in any::<String>()) {
        let _ = Proxy::parse(&text);
    }

    #[test]
    fn proxy_parsing_never_panics_on_url_like_text(
        text in "(https?|socks5)://[a-z0-9%@:./\\[\\]?#-]{0,40}"
    ) {
        if let Ok(proxy) = Proxy::parse(&text) {
            prop_assert!(proxy.port() > 0);
            // Display leaves the password out and reads back as the same proxy without it.
            let shown = Proxy::parse(&proxy.to_string()).unwrap();
            prop_assert_eq!(shown.user(), proxy.user());
            prop_assert_eq!(shown.host(), proxy.host());
        }
    }

    #[test]
    fn token_parsing_never_panics(token in any::<String>()) {
        let _ = RestCredentials::new("alice", token.as_str());
        let _ = SoapCredentials::new("alice", token.as_str());
    }

    #[test]
    fn token_parsing_never_panics_on_jwt_like_text(
        token in "ey[A-Za-z0-9_=-]{0,40}\\.[A-Za-z0-9_=-]{0,60}\\.[A-Za-z0-9_-]{0,8}"
    ) {
        let _ = RestCredentials::new("alice", token.as_str());
    }

    #[test]
    fn any_payload_is_read_or_refused_without_panic(payload in any::<String>()) {
        let _ = RestCredentials::new("alice", jwt(&payload));
    }

    #[test]
    fn an_integer_exp_is_read_exactly_when_representable(exp in any::<i64>()) {
        let result = RestCredentials::new("alice", jwt(&format!(r#"{{"exp":{exp}}}"#)));
        match Timestamp::from_second(exp) {
            Ok(expected) => prop_assert_eq!(result.unwrap().expires_at(), expected),
            Err(_) => prop_assert!(result.is_err()),
        }
    }
}
