//! The channel's playlists as RFC 8216 writes them: the multivariant
//! playlist names each rendition with its `BANDWIDTH` (bits per second,
//! §4.4.6.2) and `RESOLUTION`; a live media playlist lists the last few
//! segments, each `#EXTINF` seconds long, from `#EXT-X-MEDIA-SEQUENCE`,
//! with no `#EXT-X-ENDLIST` (more are coming, §6.2.2).

/// Seconds a segment lasts (`#EXT-X-TARGETDURATION`).
pub const TARGET_DURATION: u64 = 4;
/// Segments a live playlist lists (RFC 8216 §6.2.2: at least three target
/// durations' worth; Apple's packager keeps a few more).
pub const WINDOW: u64 = 6;
/// The channel was live this long before the lesson opens: segment `n`
/// holds the channel's seconds `4n` to `4n + 4`, and is published when it
/// is over.
pub const LIVE_BEFORE_S: u64 = 60;

/// One rendition of the channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rendition {
    pub name: &'static str,
    pub bandwidth: u64,
    pub resolution: &'static str,
}

impl Rendition {
    /// A segment's bytes: its bit rate for [`TARGET_DURATION`] seconds.
    pub fn segment_bytes(&self) -> u32 {
        (self.bandwidth * TARGET_DURATION / 8) as u32
    }
}

/// Lowest first, as hls.js sorts levels.
pub const RENDITIONS: [Rendition; 3] = [
    Rendition {
        name: "240p",
        bandwidth: 300_000,
        resolution: "426x240",
    },
    Rendition {
        name: "480p",
        bandwidth: 800_000,
        resolution: "854x480",
    },
    Rendition {
        name: "720p",
        bandwidth: 1_600_000,
        resolution: "1280x720",
    },
];

pub const MULTIVARIANT_PATH: &str = "/live/master.m3u8";

pub fn media_path(rendition: usize) -> String {
    format!("/live/{}/index.m3u8", RENDITIONS[rendition].name)
}

pub fn segment_path(rendition: usize, n: u64) -> String {
    format!("/live/{}/seg{n}.ts", RENDITIONS[rendition].name)
}

/// The rendition and segment a path names.
pub fn parse_segment(path: &str) -> Option<(usize, u64)> {
    let rest = path.strip_prefix("/live/")?;
    let (name, file) = rest.split_once('/')?;
    let n = file
        .strip_prefix("seg")?
        .strip_suffix(".ts")?
        .parse()
        .ok()?;
    Some((RENDITIONS.iter().position(|r| r.name == name)?, n))
}

pub fn parse_media(path: &str) -> Option<usize> {
    let name = path.strip_prefix("/live/")?.strip_suffix("/index.m3u8")?;
    RENDITIONS.iter().position(|r| r.name == name)
}

pub fn multivariant() -> String {
    let mut text = String::from("#EXTM3U\n");
    for r in &RENDITIONS {
        text.push_str(&format!(
            "#EXT-X-STREAM-INF:BANDWIDTH={},RESOLUTION={}\n{}/index.m3u8\n",
            r.bandwidth, r.resolution, r.name
        ));
    }
    text
}

/// The last segment published at `now_s` (the channel's clock, ms).
pub fn last_published(channel_ms: u64) -> u64 {
    (channel_ms / 1000 / TARGET_DURATION).saturating_sub(1)
}

/// The live media playlist at the channel's time `channel_ms`.
pub fn media(channel_ms: u64) -> String {
    let last = last_published(channel_ms);
    let first = (last + 1).saturating_sub(WINDOW);
    let mut text = format!(
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:{TARGET_DURATION}\n#EXT-X-MEDIA-SEQUENCE:{first}\n"
    );
    for n in first..=last {
        text.push_str(&format!("#EXTINF:{TARGET_DURATION}.0,\nseg{n}.ts\n"));
    }
    text
}

/// What a player reads in a media playlist: its first sequence number and
/// how many segments it lists.
pub fn read_media(text: &str) -> Option<(u64, u64)> {
    let first = text
        .lines()
        .find_map(|line| line.strip_prefix("#EXT-X-MEDIA-SEQUENCE:"))?
        .parse()
        .ok()?;
    let count = text
        .lines()
        .filter(|line| line.starts_with("#EXTINF:"))
        .count();
    Some((first, count as u64))
}

/// The bandwidths a multivariant playlist lists, in order.
pub fn read_bandwidths(text: &str) -> Vec<u64> {
    text.lines()
        .filter_map(|line| line.strip_prefix("#EXT-X-STREAM-INF:BANDWIDTH="))
        .filter_map(|rest| rest.split(',').next()?.parse().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_playlist_lists_the_last_six_segments() {
        // At the channel's 61.5 s, segments up to 14 (56–60 s) are out.
        let text = media(61_500);
        assert!(text.contains("#EXT-X-TARGETDURATION:4\n"));
        assert!(text.contains("#EXT-X-MEDIA-SEQUENCE:9\n"));
        assert!(text.ends_with("#EXTINF:4.0,\nseg14.ts\n"));
        assert!(!text.contains("ENDLIST"));
        assert_eq!(read_media(&text), Some((9, 6)));
        assert_eq!(
            read_bandwidths(&multivariant()),
            [300_000, 800_000, 1_600_000]
        );
        assert_eq!(parse_segment("/live/480p/seg12.ts"), Some((1, 12)));
        // 1.6 Mbit/s for 4 s: 800,000 bytes.
        assert_eq!(RENDITIONS[2].segment_bytes(), 800_000);
    }
}
