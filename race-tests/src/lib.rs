//! Race models, proofs and live stress for the FFIEC client review.
#![forbid(unsafe_code)]
