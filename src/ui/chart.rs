//! A small hand-made SVG line chart: a title, a y axis from zero with a
//! gridline at its middle and top, lines (and, for measured points, dots),
//! and a legend. Enough for the lessons' live charts, and a few hundred bytes
//! of code instead of a charting library. Under every chart (and every bar
//! chart) two small buttons save it: its numbers as CSV, its picture as PNG.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use yew::prelude::*;

use super::download;
use super::legend::swatch;
use cslab_scene::i18n::{Lang, Tr};

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
                    <li>{ swatch(line.colour, if line.dots { "dot" } else { "" }) }{ line.label.clone() }</li>
                }) }
            </ul>
            { export_buttons(spec.lang, &spec.title, {
                let (x_label, lines) = (spec.x_label.clone(), spec.lines.clone());
                Rc::new(move || lines_csv(&x_label, &lines))
            }) }
        </figure>
    }
}

/// The chart's series as CSV (RFC 4180: comma-separated, CRLF line ends,
/// fields with a comma, a quote or a line end quoted, quotes doubled): the
/// x axis's label and each line's label in a header row, then a row per x
/// any line has, in order, a line without a point there left empty.
/// Numbers are written with a decimal point in every language, as
/// spreadsheets and programs read CSV.
pub fn lines_csv(x_label: &str, lines: &[Line]) -> String {
    // Each x once, in order, kept sorted as it grows: a chart has a few
    // hundred points, and this costs the page less code than a sort.
    let mut xs: Vec<f64> = Vec::new();
    for &(x, _) in lines.iter().flat_map(|line| &line.points) {
        let at = xs.partition_point(|&seen| seen < x);
        if xs.get(at) != Some(&x) {
            xs.insert(at, x);
        }
    }
    let header = std::iter::once(x_label).chain(lines.iter().map(|line| line.label.as_str()));
    let rows = xs.iter().map(|&x| {
        let cells = lines.iter().map(|line| {
            line.points
                .iter()
                .find(|&&(px, _)| px == x)
                .map(|&(_, y)| y.to_string())
                .unwrap_or_default()
        });
        csv_row(std::iter::once(x.to_string()).chain(cells))
    });
    std::iter::once(csv_row(header)).chain(rows).collect()
}

fn csv_row<S: AsRef<str>>(cells: impl Iterator<Item = S>) -> String {
    let cells: Vec<String> = cells
        .map(|cell| {
            let cell = cell.as_ref();
            if cell.contains([',', '"', '\r', '\n']) {
                format!("\"{}\"", cell.replace('"', "\"\""))
            } else {
                cell.to_owned()
            }
        })
        .collect();
    cells.join(",") + "\r\n"
}

/// A file name from a chart's title: its words joined by '-' ("Response
/// time (ms)" → "Response-time-ms"). Only ASCII's spaces and signs part
/// words: letters like "à" stay, without carrying Unicode's tables.
pub(super) fn file_stem(title: &str) -> String {
    let words: Vec<&str> = title
        .split(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    if words.is_empty() {
        "chart".to_owned()
    } else {
        words.join("-")
    }
}

#[wasm_bindgen(module = "/src/ui/chart_export.js")]
extern "C" {
    /// Draws the chart around `button` onto a canvas at twice its size and
    /// offers it as a PNG named `name`.
    #[wasm_bindgen(js_name = savePng)]
    fn save_png(button: JsValue, name: &str);
}

/// The two small buttons under a chart; `csv` makes the file when asked.
fn export_buttons(lang: Lang, title: &str, csv: Rc<dyn Fn() -> String>) -> Html {
    let tr = Tr(lang);
    let stem = Rc::<str>::from(file_stem(title));
    let on_csv = {
        let stem = stem.clone();
        Callback::from(move |_: MouseEvent| {
            download::save_text(&format!("{stem}.csv"), &csv(), "text/csv")
        })
    };
    let on_png = Callback::from(move |event: MouseEvent| {
        save_png(
            event.target().map(JsValue::from).unwrap_or_default(),
            &format!("{stem}.png"),
        )
    });
    html! {
        <div class="chart-export">
            <button type="button" onclick={on_csv} title={tr.t("chart-csv-title")}>{ tr.t("chart-csv") }</button>
            <button type="button" onclick={on_png} title={tr.t("chart-png-title")}>{ tr.t("chart-png") }</button>
        </div>
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
            { export_buttons(lang, title, {
                let (title, bars) = (title.to_owned(), bars.to_vec());
                Rc::new(move || bars_csv(&title, &bars))
            }) }
        </figure>
    }
}

/// A bar chart's bars as CSV: a row per bar, its label and its value, under
/// a header row with the chart's title over the values (see [`lines_csv`]).
pub fn bars_csv(title: &str, bars: &[Bar]) -> String {
    let rows = bars
        .iter()
        .map(|bar| csv_row([bar.label.clone(), bar.value.to_string()].into_iter()));
    std::iter::once(csv_row(["", title].into_iter()))
        .chain(rows)
        .collect()
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
    fn csv_has_a_column_per_line_and_a_row_per_x_with_decimal_points() {
        let line = |label: &str, points: Vec<(f64, f64)>| Line {
            label: label.into(),
            colour: PALETTE[0],
            points,
            dots: false,
        };
        let lines = [
            line("Server, \"A\"", vec![(0.0, 1.5), (2.5, 3.0)]),
            line("B", vec![(2.5, 0.25), (1.0, 20_000.0)]),
        ];
        assert_eq!(
            lines_csv("Time (s)", &lines),
            "Time (s),\"Server, \"\"A\"\"\",B\r\n0,1.5,\r\n1,,20000\r\n2.5,3,0.25\r\n"
        );
        let bar = |label: &str, value| Bar {
            label: label.into(),
            value,
            colour: PALETTE[0],
            current: false,
        };
        assert_eq!(
            bars_csv("Bytes", &[bar("REST", 608.0), bar("SOAP", 0.5)]),
            ",Bytes\r\nREST,608\r\nSOAP,0.5\r\n"
        );
        assert_eq!(
            file_stem("Tiempo de respuesta (ms)"),
            "Tiempo-de-respuesta-ms"
        );
        assert_eq!(file_stem("Velocità, media"), "Velocità-media");
        assert_eq!(file_stem(" (%)"), "chart");
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
