//! Request bodies must keep coming: a body that falls behind a floor rate is cut off, so a
//! client sending a byte now and then cannot hold a connection (and a worker) for ever.
//!
//! The floor: [`BodyPace::grace`] for the first bytes, then at least [`BodyPace::bytes_per_second`]
//! on average — by default a 10 MiB batch has 60 s. A body that falls behind ends with
//! [`BodyTooSlow`]; handlers answer it `408` and close the connection.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Body as HttpBody, Frame, SizeHint};
use tokio::time::{Instant, Sleep};

/// The slowest a request body may arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyPace {
    /// Time allowed before the average rate counts.
    pub grace: Duration,
    /// The average rate a body must keep after the grace, in bytes per second.
    pub bytes_per_second: u64,
}

impl Default for BodyPace {
    /// 5 s, then 10 MiB in 55 s: a 10 MiB batch (the default limit) within 60 s.
    fn default() -> Self {
        Self {
            grace: Duration::from_secs(5),
            bytes_per_second: 10 * 1024 * 1024 / 55,
        }
    }
}

impl BodyPace {
    /// When a body that began at `start` and has brought `received` bytes must bring more.
    fn deadline(&self, start: Instant, received: u64) -> Instant {
        let rate = self.bytes_per_second.max(1);
        let earned = Duration::from_secs(received / rate)
            + Duration::from_nanos((received % rate) * 1_000_000_000 / rate);
        start + self.grace + earned
    }
}

/// The error a body that fell behind ends with.
#[derive(Debug, thiserror::Error)]
#[error(
    "the request body arrived too slowly (at least {bytes_per_second} bytes per second are \
     needed after the first {grace_seconds} s)"
)]
pub struct BodyTooSlow {
    pub bytes_per_second: u64,
    pub grace_seconds: u64,
}

/// A body that fails with [`BodyTooSlow`] when it falls behind its pace. The clock starts at
/// the first read.
pub struct PacedBody {
    inner: Body,
    pace: BodyPace,
    start: Option<Instant>,
    received: u64,
    timer: Pin<Box<Sleep>>,
}

impl PacedBody {
    pub fn new(inner: Body, pace: BodyPace) -> Self {
        Self {
            inner,
            pace,
            start: None,
            received: 0,
            timer: Box::pin(tokio::time::sleep(Duration::ZERO)),
        }
    }
}

impl HttpBody for PacedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        let start = *this.start.get_or_insert_with(|| {
            let now = Instant::now();
            this.timer.as_mut().reset(this.pace.deadline(now, 0));
            now
        });
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    this.received += data.len() as u64;
                    let deadline = this.pace.deadline(start, this.received);
                    this.timer.as_mut().reset(deadline);
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Pending => match this.timer.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Some(Err(axum::Error::new(BodyTooSlow {
                    bytes_per_second: this.pace.bytes_per_second,
                    grace_seconds: this.pace.grace.as_secs(),
                })))),
                Poll::Pending => Poll::Pending,
            },
            other => other,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Gives every request's body the server's pace.
pub(super) async fn pace_bodies(
    State(pace): State<BodyPace>,
    request: Request,
    next: Next,
) -> Response {
    let request = request.map(|body| Body::new(PacedBody::new(body, pace)));
    next.run(request).await
}

/// True when `error` (reading a body) is, or was caused by, [`BodyTooSlow`].
pub fn is_too_slow(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(error) = current {
        if error.is::<BodyTooSlow>() {
            return true;
        }
        current = error.source();
    }
    false
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    #[test]
    fn a_ten_mib_batch_has_sixty_seconds() {
        let pace = BodyPace::default();
        let start = Instant::now();
        let deadline = pace.deadline(start, 10 * 1024 * 1024);
        let allowed = deadline - start;
        assert!(
            allowed >= Duration::from_secs(59) && allowed <= Duration::from_secs(61),
            "{allowed:?}"
        );
        assert_eq!(pace.deadline(start, 0) - start, pace.grace);
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_that_stalls_ends_with_too_slow_and_a_steady_one_does_not() {
        let pace = BodyPace {
            grace: Duration::from_secs(2),
            bytes_per_second: 1000,
        };
        // A steady body: 500 bytes every 400 ms (1250 B/s).
        let (mut sender, inner) = channel();
        let steady = tokio::spawn(async move {
            for _ in 0..10 {
                tokio::time::sleep(Duration::from_millis(400)).await;
                sender.send(Bytes::from(vec![b'x'; 500])).await;
            }
        });
        let read = PacedBody::new(inner, pace).collect().await;
        assert_eq!(read.unwrap().to_bytes().len(), 5000);
        steady.await.unwrap();

        // A body that sends 100 bytes and then nothing.
        let (mut sender, inner) = channel();
        let stalled = tokio::spawn(async move {
            sender.send(Bytes::from(vec![b'x'; 100])).await;
            tokio::time::sleep(Duration::from_secs(3600)).await;
            drop(sender);
        });
        let began = Instant::now();
        let error = PacedBody::new(inner, pace).collect().await.err().unwrap();
        assert!(is_too_slow(&error), "{error}");
        // 2 s of grace + 100 bytes at 1000 B/s.
        assert_eq!(began.elapsed().as_millis(), 2100);
        stalled.abort();
    }

    /// A body fed from a channel.
    struct Sender(tokio::sync::mpsc::Sender<Bytes>);

    impl Sender {
        async fn send(&mut self, bytes: Bytes) {
            self.0.send(bytes).await.unwrap();
        }
    }

    struct ChannelBody(tokio::sync::mpsc::Receiver<Bytes>);

    impl HttpBody for ChannelBody {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            self.0
                .poll_recv(cx)
                .map(|bytes| bytes.map(|b| Ok(Frame::data(b))))
        }
    }

    fn channel() -> (Sender, Body) {
        let (sender, receiver) = tokio::sync::mpsc::channel::<Bytes>(4);
        (Sender(sender), Body::new(ChannelBody(receiver)))
    }
}
