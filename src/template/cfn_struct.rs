//! `cfn_struct!`: a struct that serializes the way CloudFormation reads properties, declared
//! as the plain list of its fields.

/// Declares structs that serialize as CloudFormation objects, and registers the ones that are
/// resource types.
///
/// Every struct gets `#[derive(Clone, Debug, Serialize)]` and PascalCase keys, and each field
/// a skip rule read from its type: an `Option` that is `None` and a `Vec` that is empty are
/// left out (an absent optional list means what an empty one does, and the builders never
/// leave a required list empty), anything else is always written. So a declaration reads as
/// the property list it mirrors:
///
/// ```text
/// cfn_struct! {
///     /// The doc comment, as on any struct.
///     #[derive(Default)]
///     pub struct Queue as "AWS::SQS::Queue" {
///         pub queue_name: Option<Expr>,
///         #[serde(rename = "KmsMasterKeyId")]
///         pub kms_master_key_id: Option<Expr>,
///         pub tags: Vec<Tag>,
///     }
///     handle { ref url, get { arn: "Arn" } }
///
///     pub struct RedrivePolicy {
///         pub max_receive_count: u32,
///     }
/// }
/// ```
///
/// `as "AWS::..."` implements [`Resource`](crate::template::Resource) through
/// [`l1_resource!`](crate::l1_resource) (and build.rs reads the type name from that line, to
/// store its schema ready to read); a field `pub tags: Vec<Tag>` makes the resource taggable
/// by aspects (the `Tag` in scope where the macro is called). `handle { ... }` after a
/// resource says what its `Ref` and `Fn::GetAtt` give a handle, in the words of
/// [`handle_accessors!`](crate::handle_accessors). Field attributes (`#[serde(rename = ...)]`,
/// doc comments) and further derives pass through. Every field ends in a comma.
#[macro_export]
macro_rules! cfn_struct {
    () => {};
    (
        $(#[$attr:meta])*
        pub struct $name:ident as $type_name:literal { $($fields:tt)* }
        $($rest:tt)*
    ) => {
        $crate::cfn_struct!(@field $name [$type_name] [] [$(#[$attr])*] [] $($fields)*);
        $crate::cfn_struct!(@handle $name $($rest)*);
    };
    (
        $(#[$attr:meta])*
        pub struct $name:ident { $($fields:tt)* }
        $($rest:tt)*
    ) => {
        $crate::cfn_struct!(@field $name [] [] [$(#[$attr])*] [] $($fields)*);
        $crate::cfn_struct!($($rest)*);
    };

    // What a handle to the resource offers, when its struct is followed by `handle { ... }`.
    (@handle $name:ident handle { $($accessors:tt)* } $($rest:tt)*) => {
        $crate::handle_accessors!($name, $($accessors)*);
        $crate::cfn_struct!($($rest)*);
    };
    (@handle $name:ident $($rest:tt)*) => {
        $crate::cfn_struct!($($rest)*);
    };

    // One field at a time, its skip rule chosen by its type; `[tags]` notes the tag list.
    (@field $name:ident $type_name:tt $tags:tt $attrs:tt [$($done:tt)*]
        $(#[$field_attr:meta])* pub tags: Vec<Tag>, $($rest:tt)*
    ) => {
        $crate::cfn_struct!(@field $name $type_name [tags] $attrs [$($done)*
            $(#[$field_attr])*
            #[serde(skip_serializing_if = "Vec::is_empty")]
            pub tags: Vec<Tag>,
        ] $($rest)*);
    };
    (@field $name:ident $type_name:tt $tags:tt $attrs:tt [$($done:tt)*]
        $(#[$field_attr:meta])* pub $field:ident: Option<$inner:ty>, $($rest:tt)*
    ) => {
        $crate::cfn_struct!(@field $name $type_name $tags $attrs [$($done)*
            $(#[$field_attr])*
            #[serde(skip_serializing_if = "Option::is_none")]
            pub $field: Option<$inner>,
        ] $($rest)*);
    };
    (@field $name:ident $type_name:tt $tags:tt $attrs:tt [$($done:tt)*]
        $(#[$field_attr:meta])* pub $field:ident: Vec<$inner:ty>, $($rest:tt)*
    ) => {
        $crate::cfn_struct!(@field $name $type_name $tags $attrs [$($done)*
            $(#[$field_attr])*
            #[serde(skip_serializing_if = "Vec::is_empty")]
            pub $field: Vec<$inner>,
        ] $($rest)*);
    };
    (@field $name:ident $type_name:tt $tags:tt $attrs:tt [$($done:tt)*]
        $(#[$field_attr:meta])* pub $field:ident: $field_type:ty, $($rest:tt)*
    ) => {
        $crate::cfn_struct!(@field $name $type_name $tags $attrs [$($done)*
            $(#[$field_attr])*
            pub $field: $field_type,
        ] $($rest)*);
    };

    // All fields done: the struct, and its registration as a resource type.
    (@field $name:ident $type_name:tt $tags:tt [$($attr:tt)*] [$($done:tt)*]) => {
        #[derive(Clone, Debug, serde::Serialize)]
        $($attr)*
        #[serde(rename_all = "PascalCase")]
        pub struct $name {
            $($done)*
        }
        $crate::cfn_struct!(@register $name $type_name $tags);
    };
    (@register $name:ident [] $tags:tt) => {};
    (@register $name:ident [$type_name:literal] []) => {
        $crate::l1_resource!($name, $type_name);
    };
    (@register $name:ident [$type_name:literal] [tags]) => {
        $crate::l1_resource!($name, $type_name, tags);
    };
}
