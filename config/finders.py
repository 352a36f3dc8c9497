from django.contrib.staticfiles.finders import FileSystemFinder


class ProjectFileSystemFinder(FileSystemFinder):
    """STATICFILES_DIRS without XStatic's jQuery UI stylesheets.

    Only jquery-ui.min.js is used (modeltranslation's language tabs in the
    admin). The theme stylesheet quotes its image URLs in a way the hashed
    manifest storage cannot resolve, which would make collectstatic fail.
    """

    def list(self, ignore_patterns):
        return super().list([*(ignore_patterns or []), "jquery-ui*.css"])
