/*
 * The API documentation page (Swagger UI), loaded after Swagger UI's bundle and before
 * drf-spectacular's start-up script, which calls SwaggerUIBundle(options): this adds a plugin
 * to the options.
 *
 * An operation's summary is a button that opens it; with deep linking on, Swagger UI puts a
 * link to the operation inside that button, which keyboard and screen reader users meet as a
 * second, nested control. The plugin draws the path as plain text instead: the button still
 * opens the operation and, with deep linking, opening it still puts its address in the
 * address bar.
 *
 * A parameter chosen from a list (an enumeration, a boolean) is a <select> with no label; the
 * request body's editor (after "Try it out") is a text area with none either: the plugin names
 * them, the select by the parameter's name in a label only screen readers read.
 */
(function () {
  "use strict";

  const bundle = window.SwaggerUIBundle;
  if (typeof bundle !== "function") return;

  const accessibility = () => ({
    wrapComponents: {
      OperationSummaryPath: (Original, system) => (props) =>
        system.React.createElement(Original, {
          ...props,
          operationProps: props.operationProps.set("isDeepLinkingEnabled", false),
        }),
      JsonSchemaForm: (Original, system) => (props) => {
        const h = system.React.createElement;
        const schema = props.schema;
        const type = schema && schema.get ? schema.get("type") : null;
        const chosen =
          schema &&
          schema.get &&
          (schema.get("enum") || type === "boolean" || schema.getIn(["items", "enum"]));
        if (!chosen || !props.description) return h(Original, props);
        return h(
          "label",
          { className: "api-docs-field" },
          h("span", { className: "api-docs-hidden" }, props.description),
          h(Original, props),
        );
      },
      TextArea: (Original, system) => (props) =>
        system.React.createElement(
          Original,
          /body-param__text/.test(props.className || "")
            ? { "aria-label": "Request body", ...props }
            : props,
        ),
    },
  });

  const withPlugin = (options) =>
    bundle({ ...options, plugins: [...(options.plugins || []), accessibility] });
  window.SwaggerUIBundle = Object.assign(withPlugin, bundle);
})();
