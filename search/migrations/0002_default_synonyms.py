from django.db import migrations


def load_defaults(apps, schema_editor):
    from search.segmentation import read_synonym_file

    SynonymGroup = apps.get_model("search", "SynonymGroup")
    if SynonymGroup.objects.exists():
        return
    SynonymGroup.objects.bulk_create(
        SynonymGroup(words=" ".join(words)) for words in read_synonym_file()
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
