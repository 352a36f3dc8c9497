from django.contrib.staticfiles.apps import StaticFilesConfig


class ProjectStaticFilesConfig(StaticFilesConfig):
    """Static files without XStatic's jQuery UI stylesheets.

    Only jquery-ui.min.js is used (modeltranslation's language tabs in the
    admin). The theme stylesheet quotes its image URLs in a way the hashed
    manifest storage cannot resolve, which would make collectstatic fail.
    """

    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "jquery-ui*.css"]
