//! A small hand-made SVG line chart: a title, a y axis from zero with a
//! gridline at its middle and top, lines (and, for measured points, dots),
//! and a legend. Enough for the lessons' live charts, and a few hundred bytes
//! of code instead of a charting library.

use yew::prelude::*;

use cslab_scene::i18n::Lang;

/// One series on a chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub label: String,
    /// A CSS colour.
    pub colour: &'static str,
    pub points: Vec<(f64, f64)>,
    /// Draw a dot at each point instead of joining them.
    pub dots: bool,
}

/// What a chart shows: `x_max` fixes the x axis (so lines grow across it).
#[derive(Clone, Debug)]
pub struct ChartSpec {
    /// The language the axes' numbers are written in.
    pub lang: Lang,
    pub title: String,
    /// The x axis's label, under it.
    pub x_label: String,
    pub x_max: f64,
    /// How the x axis's two end values are written (a log axis writes
    /// 10^x), in the chart's language.
    pub x_format: fn(Lang, f64) -> String,
    /// How a y value is written on the axis, in the chart's language.
    pub y_format: fn(Lang, f64) -> String,
    /// The y axis's top when the quantity has a known limit (100 % of the
    /// workers, the machine's cores), so a low line reads as low; `None`
    /// fits the axis to the data.
    pub y_max: Option<f64>,
    pub lines: Vec<Line>,
}

const WIDTH: f64 = 300.0;
const HEIGHT: f64 = 130.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 8.0;
const BOTTOM: f64 = 20.0;

/// The colours of up to eight lines of the same kind (servers), in order.
pub const PALETTE: [&str; 8] = [
    "#2f6fed", "#0f9b74", "#d97706", "#8a4fd6", "#d92d20", "#0e7490", "#a16207", "#be185d",
];

/// A round number at or above `x` (1, 2 or 5 times a power of ten), so the
/// axis reads easily.
pub fn nice_ceiling(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|step| step * power)
        .find(|&top| top >= x * (1.0 - 1e-9))
        .unwrap_or(10.0 * power)
}

/// A count or rate on an axis: whole from ten up, one decimal below (an
/// axis from 0 to 1 reads 0, 0.5, 1; in Spanish 0, 0,5, 1).
pub fn plain_number(lang: Lang, y: f64) -> String {
    let decimals = if y >= 10.0 || y.fract() == 0.0 { 0 } else { 1 };
    lang.decimal(y, decimals)
}

pub fn chart(spec: &ChartSpec) -> Html {
    let y_top = spec.y_max.unwrap_or_else(|| {
        nice_ceiling(
            spec.lines
                .iter()
                .flat_map(|line| line.points.iter().map(|&(_, y)| y))
                .fold(0.0, f64::max),
        )
    });
    let x_max = spec.x_max.max(f64::MIN_POSITIVE);
    let px = |x: f64| LEFT + (x / x_max).clamp(0.0, 1.0) * (WIDTH - LEFT - RIGHT);
    let py = |y: f64| HEIGHT - BOTTOM - (y / y_top).clamp(0.0, 1.0) * (HEIGHT - TOP - BOTTOM);
    let gridline = |y: f64| {
        html! {
            <g class="grid">
                <line x1={LEFT.to_string()} x2={(WIDTH - RIGHT).to_string()} y1={py(y).to_string()} y2={py(y).to_string()} />
                <text x={(LEFT - 4.0).to_string()} y={(py(y) + 3.0).to_string()}>{ (spec.y_format)(spec.lang, y) }</text>
            </g>
        }
    };
    html! {
        <figure class="chart">
            <figcaption>{ spec.title.clone() }</figcaption>
            <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img" aria-label={spec.title.clone()}>
                { gridline(0.0) }
                { gridline(y_top / 2.0) }
                { gridline(y_top) }
                <text class="x-label" x={((LEFT + WIDTH - RIGHT) / 2.0).to_string()} y={(HEIGHT - 4.0).to_string()}>
                    { spec.x_label.clone() }
                </text>
                <text class="x-tick" x={LEFT.to_string()} y={(HEIGHT - 4.0).to_string()}>{ (spec.x_format)(spec.lang, 0.0) }</text>
                <text class="x-tick end" x={(WIDTH - RIGHT).to_string()} y={(HEIGHT - 4.0).to_string()}>
                    { (spec.x_format)(spec.lang, x_max) }
                </text>
                { for spec.lines.iter().map(|line| {
                    if line.dots {
                        html! {
                            <g class="dots" fill={line.colour}>
                                { for line.points.iter().map(|&(x, y)| html! {
                                    <circle cx={format!("{:.1}", px(x))} cy={format!("{:.1}", py(y))} r="3" />
                                }) }
                            </g>
                        }
                    } else {
                        let points: Vec<String> = line.points.iter()
                            .map(|&(x, y)| format!("{:.1},{:.1}", px(x), py(y)))
                            .collect();
                        html! { <polyline class="line" stroke={line.colour} points={points.join(" ")} /> }
                    }
                }) }
            </svg>
            <ul class="chart-legend">
                { for spec.lines.iter().map(|line| html! {
                    <li><span class={classes!("swatch", line.dots.then_some("dot"))} style={format!("background:{}", line.colour)}></span>{ line.label.clone() }</li>
                }) }
            </ul>
        </figure>
    }
}

/// One bar of a [`bar_chart`].
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// A CSS colour.
    pub colour: &'static str,
    /// Drawn bold: the one the lesson is showing.
    pub current: bool,
}

/// A horizontal bar chart from zero: a row per bar, its label on the left,
/// its value written after it.
pub fn bar_chart(lang: Lang, title: &str, bars: &[Bar]) -> Html {
    const ROW: f64 = 22.0;
    const LABEL: f64 = 92.0;
    let height = ROW * bars.len() as f64 + 4.0;
    let top = nice_ceiling(bars.iter().map(|bar| bar.value).fold(0.0, f64::max));
    let width = |value: f64| (value / top).clamp(0.0, 1.0) * (WIDTH - LABEL - 40.0);
    html! {
        <figure class="chart bars">
            <figcaption>{ title }</figcaption>
            <svg viewBox={format!("0 0 {WIDTH} {height}")} role="img" aria-label={title.to_owned()}>
                { for bars.iter().enumerate().map(|(i, bar)| {
                    let y = 2.0 + ROW * i as f64;
                    html! {
                        <g class={classes!("bar", bar.current.then_some("current"))}>
                            <text class="bar-label" x={(LABEL - 4.0).to_string()} y={(y + 14.0).to_string()}>{ bar.label.clone() }</text>
                            <rect x={LABEL.to_string()} y={(y + 3.0).to_string()} width={format!("{:.1}", width(bar.value))}
                                  height={(ROW - 6.0).to_string()} fill={bar.colour} />
                            <text class="bar-value" x={format!("{:.1}", LABEL + width(bar.value) + 4.0)} y={(y + 14.0).to_string()}>
                                { plain_number(lang, bar.value) }
                            </text>
                        </g>
                    }
                }) }
            </svg>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(0.7), 1.0);
        assert_eq!(nice_ceiling(1.0), 1.0);
        assert_eq!(nice_ceiling(1.3), 2.0);
        assert_eq!(nice_ceiling(3.0), 5.0);
        assert_eq!(nice_ceiling(420.0), 500.0);
        assert_eq!(nice_ceiling(501.0), 1000.0);
    }

    #[test]
    fn axis_numbers_are_written_in_the_chart_language() {
        // The middle gridline of an axis from 0 to 1 is 0.5; 20 000 users.
        assert_eq!(plain_number(Lang::En, 0.5), "0.5");
        assert_eq!(plain_number(Lang::Es, 0.5), "0,5");
        assert_eq!(plain_number(Lang::It, 20_000.0), "20.000");
        assert_eq!(plain_number(Lang::En, 12.4), "12");
    }
}
