//! AWS::SNS::Topic

use super::Tag;
use crate::cfn_struct;
use crate::template::Expr;

cfn_struct! {
    #[derive(Default)]
    pub struct Topic as "AWS::SNS::Topic" {
        pub topic_name: Option<Expr>,
        pub display_name: Option<Expr>,
        pub kms_master_key_id: Option<Expr>,
        pub tags: Vec<Tag>,
    }
    handle { ref arn }
}
