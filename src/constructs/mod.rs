//! L2: builders that own defaults, create their L1 resources and offer grants and metrics.

pub mod function;
pub mod iam;
pub mod metric;
pub mod perms;
pub mod queue;
pub mod table;

pub use function::{lambda_function, FunctionProps, LambdaFunction};
pub use metric::{AlarmProps, Metric, Threshold};
pub use queue::{dead_letter_queue, DeadLetterQueue};
pub use table::{Capacity, TableBuilder, TableConstruct};
