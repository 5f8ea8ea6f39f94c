//! The command line: parses flags, calls the library, maps errors to exit codes
//! (2: the user's input; 1: anything else).

use clap::{Parser, Subcommand};
use hiddenflow::commands;
use hiddenflow::config::Flags;
use hiddenflow::error::Error;
use hiddenflow::model::ModelOptions;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "hiddenflow",
    version,
    about = "Monte Carlo uncertainty of the total material requirement (TMR) of vehicle supply chains"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct DataArgs {
    /// Dataset folder
    #[arg(long, default_value = "distributions")]
    data: PathBuf,
    /// Co-product allocation: economic, mass or none
    #[arg(long, default_value = "economic")]
    allocation: String,
    /// Shape of a reported range without a `_dist` (uniform, triangular, pert, loguniform, …)
    #[arg(long, default_value = "uniform")]
    default_shape: String,
    /// Report implausible ranges and results (see docs/MODEL.md) as warnings, not errors
    #[arg(long)]
    allow_implausible: bool,
}

impl DataArgs {
    fn options(&self) -> Result<ModelOptions, Error> {
        hiddenflow::config::model_options(
            &self.allocation,
            &self.default_shape,
            self.allow_implausible,
        )
    }
}

/// Flags shared by the commands that read a run spec.
#[derive(clap::Args)]
struct SpecArgs {
    /// Run specification (TOML), e.g. runs/baseline.toml
    spec: Option<PathBuf>,
    /// Number of samples (run); base sample size N (Sobol') or trajectories (Morris)
    #[arg(long)]
    samples: Option<u64>,
    /// Master seed
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads (0: all cores)
    #[arg(long)]
    threads: Option<usize>,
    /// Dataset folder (overrides the spec)
    #[arg(long)]
    data: Option<PathBuf>,
    /// Output folder (default: runs/<name>/)
    #[arg(long)]
    out: Option<PathBuf>,
    /// Overwrite an existing output folder
    #[arg(long)]
    force: bool,
    /// Report implausible ranges and results (see docs/MODEL.md) as warnings, not errors
    #[arg(long)]
    allow_implausible: bool,
    /// Ignore every declared rank correlation and shared factor (correlations.csv and the
    /// spec's): draw all parameters independently
    #[arg(long)]
    independent: bool,
}

impl SpecArgs {
    fn flags(self) -> Flags {
        Flags {
            spec: self.spec,
            samples: self.samples,
            seed: self.seed,
            threads: self.threads,
            data: self.data,
            out: self.out,
            force: self.force,
            allow_implausible: self.allow_implausible,
            independent: self.independent,
            ..Flags::default()
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Validate the dataset and print its coverage
    Check {
        #[command(flatten)]
        data: DataArgs,
        /// Print the coverage table as Markdown
        #[arg(long)]
        markdown: bool,
    },
    /// Monte Carlo run: confidence intervals per vehicle, breakdowns, comparisons, scenarios
    Run {
        #[command(flatten)]
        common: SpecArgs,
        /// Sampling design: mc, lhs or sobol
        #[arg(long)]
        method: Option<String>,
        /// Run only the I-th of N deterministic slices, e.g. 2/8; combine with `merge`
        #[arg(long)]
        shard: Option<String>,
        /// Most samples a thread takes at a time, less near the end of a round (a multiple of
        /// 1024); results do not depend on it
        #[arg(long)]
        block_size: Option<u64>,
        /// Sample until every reported 2.5th and 97.5th percentile has this relative standard error
        #[arg(long)]
        precision: Option<f64>,
        /// Write the headline outputs of every sample to samples.csv
        #[arg(long)]
        keep_samples: bool,
        /// Also evaluate, on the same draws, the residual producers' and the estimated values'
        /// parameters fixed at their best estimates: their shares of every band
        /// (variance_budget.csv)
        #[arg(long)]
        variance_budget: bool,
        /// Rank correlation and contribution to variance of every parameter and group
        /// (sensitivity.csv)
        #[arg(long)]
        sensitivity: bool,
        /// Co-product allocation: economic, mass or none
        #[arg(long)]
        allocation: Option<String>,
        /// Shape of a reported range without a `_dist`
        #[arg(long)]
        default_shape: Option<String>,
        /// Continue the interrupted run of this output folder from its checkpoint (with the
        /// settings it was started with; --threads and --block-size may change)
        #[arg(long, value_name = "OUT", conflicts_with_all = ["spec", "out", "force", "samples", "seed", "method", "shard", "precision", "keep_samples", "data", "allocation", "default_shape", "variance_budget", "sensitivity", "allow_implausible", "independent"])]
        resume: Option<PathBuf>,
    },
    /// Sensitivity analysis: Sobol' indices, Morris screening or a tornado, by parameter group
    Sensitivity {
        #[command(flatten)]
        common: SpecArgs,
        /// sobol, morris or tornado (overrides the spec)
        #[arg(long)]
        method: Option<String>,
        /// Group parameters by commodity, mine, country, kind, or not at all (parameter)
        #[arg(long)]
        groups: Option<String>,
        /// Base design of the Sobol' analysis: sobol (default), mc or lhs (overrides the spec's
        /// `method`)
        #[arg(long)]
        design: Option<String>,
    },
    /// The same draws under several shapes of the reported ranges: each vehicle's TMR band per
    /// shape (shapes.csv, fig_shapes)
    Shapes {
        #[command(flatten)]
        common: SpecArgs,
        /// Comma-separated shapes (of distributions/README.md, or loguniform-grades)
        #[arg(long)]
        shapes: Option<String>,
    },
    /// Two-dimensional Monte Carlo: variability (spread between mines, years, models) inside,
    /// epistemic uncertainty outside; each percentile of the variability with its epistemic
    /// interval (two_d.csv, fig_two_d)
    TwoD {
        #[command(flatten)]
        common: SpecArgs,
        /// Draws of the epistemic parameters (default 1000, or the spec's [two_d] outer)
        #[arg(long)]
        outer: Option<u64>,
        /// Draws of the variability parameters per outer draw (default 10000)
        #[arg(long)]
        inner: Option<u64>,
        /// Sampling design of both loops: mc, lhs or sobol
        #[arg(long)]
        method: Option<String>,
    },
    /// Re-render every figure and table of a run from its stored results (no resampling)
    Plot {
        /// A run's output folder
        run_dir: PathBuf,
        /// Logarithmic TMR axis
        #[arg(long)]
        log: bool,
    },
    /// List the model's parameters (names for scenario overrides), as CSV
    Params {
        #[command(flatten)]
        data: DataArgs,
        /// Only names matching this pattern (`*` matches any run of characters)
        #[arg(long)]
        filter: Option<String>,
        /// Only uncertain parameters
        #[arg(long)]
        uncertain: bool,
    },
    /// Combine the shards of a run into one run
    Merge {
        /// Shard output folders
        dirs: Vec<PathBuf>,
        /// Folder for the merged results
        #[arg(long)]
        out: PathBuf,
        /// Overwrite an existing output folder
        #[arg(long)]
        force: bool,
    },
    /// Write (and with --submit submit) a Slurm job array of shards and a merge job after it
    Slurm(hiddenflow::slurm::SlurmArgs),
    /// Export the model to another tool (`export brightway OUT`: a Brightway database)
    #[command(subcommand)]
    Export(ExportCommand),
    /// Deterministic coefficients at best estimates
    Point {
        #[command(flatten)]
        data: DataArgs,
        /// Write coefficients.csv to this folder
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overwrite an existing output folder
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
    /// The whole model as a Brightway database description (database.json, README.md; with
    /// --samples also samples.npy, the model's own exchange amounts per draw)
    Brightway {
        /// Output folder
        out: PathBuf,
        #[command(flatten)]
        data: DataArgs,
        /// Also write the exchange amounts of this many draws (those of `run --samples N`)
        #[arg(long)]
        samples: Option<u64>,
        /// Master seed of the draws
        #[arg(long)]
        seed: Option<u64>,
        /// Sampling design of the draws: mc, lhs or sobol
        #[arg(long)]
        method: Option<String>,
        /// Replace an earlier export in OUT
        #[arg(long)]
        force: bool,
    },
}

fn run(cli: Cli) -> Result<String, Error> {
    match cli.command {
        Command::Check { data, markdown } => {
            commands::check(&data.data, &data.options()?, markdown)
        }
        Command::Point { data, out, force } => {
            commands::point_cmd(&data.data, &data.options()?, out.as_deref(), force)
        }
        Command::Run {
            common,
            method,
            shard,
            block_size,
            precision,
            keep_samples,
            variance_budget,
            sensitivity,
            allocation,
            default_shape,
            resume,
        } => {
            // SIGINT and SIGTERM stop the run between blocks, with a checkpoint.
            hiddenflow::interrupt::install_handlers();
            let flags = Flags {
                resume,
                method,
                shard,
                block_size,
                precision,
                keep_samples,
                variance_budget,
                sensitivity,
                allocation,
                default_shape,
                ..common.flags()
            };
            commands::run(&flags)
        }
        Command::Sensitivity {
            common,
            method,
            groups,
            design,
        } => {
            let flags = Flags {
                method: design,
                analysis: method,
                groups,
                ..common.flags()
            };
            commands::sensitivity(&flags)
        }
        Command::Shapes { common, shapes } => commands::shapes(&common.flags(), shapes.as_deref()),
        Command::TwoD {
            common,
            outer,
            inner,
            method,
        } => {
            let flags = Flags {
                method,
                ..common.flags()
            };
            commands::two_d(&flags, outer, inner)
        }
        Command::Plot { run_dir, log } => {
            let opts = hiddenflow::report::plot::PlotOptions { log_axis: log };
            let written = hiddenflow::report::plot::render_all_with(&run_dir, &opts)?;
            Ok(format!(
                "wrote {} files to {}\n",
                written.len(),
                run_dir.display()
            ))
        }
        Command::Params {
            data,
            filter,
            uncertain,
        } => commands::params(&data.data, &data.options()?, filter.as_deref(), uncertain),
        Command::Merge { dirs, out, force } => commands::merge(&dirs, &out, force),
        Command::Export(ExportCommand::Brightway {
            out,
            data,
            samples,
            seed,
            method,
            force,
        }) => {
            let opts = hiddenflow::export::brightway::Options {
                data: data.data,
                allocation: data.allocation,
                default_shape: data.default_shape,
                allow_implausible: data.allow_implausible,
                samples,
                seed,
                method,
                force,
            };
            hiddenflow::export::brightway::export(&opts, &out)
        }
        Command::Slurm(args) => {
            let exe = std::env::current_exe()
                .map_err(|e| Error::io(std::path::Path::new("hiddenflow"), e))?;
            hiddenflow::slurm::slurm(&args, &exe)
        }
    }
}

/// `hiddenflow --version`: the version, and the fingerprint of the dataset in `./distributions`
/// (or `HIDDENFLOW_DATA`) that a result was computed from, to cite with it.
fn version() -> String {
    let dir = std::env::var_os("HIDDENFLOW_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("distributions"));
    commands::version_text(&dir)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() == 1 && (args[0] == "--version" || args[0] == "-V") {
        let _ = std::io::stdout().write_all(version().as_bytes());
        return ExitCode::SUCCESS;
    }
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            // clap: 0 for --help/--version, 2 for usage errors
            return ExitCode::from(e.exit_code() as u8);
        }
    };
    // Output goes through `write_all`, not `print!`: a reader that stops early (`| head`)
    // closes the pipe, which is no error of ours and must not panic.
    match run(cli) {
        Ok(text) => {
            let _ = std::io::stdout().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
