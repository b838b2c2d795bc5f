//! AWS::SNS::Topic

use super::Tag;
use crate::template::Expr;
use crate::{cfn_struct, handle_accessors};

cfn_struct! {
    #[derive(Default)]
    pub struct Topic as "AWS::SNS::Topic" {
        pub topic_name: Option<Expr>,
        pub display_name: Option<Expr>,
        pub kms_master_key_id: Option<Expr>,
        pub tags: Vec<Tag>,
    }
}

handle_accessors!(Topic, ref arn);
