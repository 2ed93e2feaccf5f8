"""Seed the material catalogue, with names in the ten languages of the platform."""

from django.db import migrations

IMAGES = "image/jpeg,image/png"
ANY = "application/pdf,image/jpeg,image/png"
MB = 1024 * 1024

# code, accepted types, max bytes, validity days, per case, names
CATALOGUE = [
    ("id_card", ANY, 10 * MB, None, False, {
        "zh-hans": "居民身份证", "en": "Resident identity card", "ko": "주민 신분증", "ja": "居民身分証",
        "de": "Personalausweis", "fr": "Carte d'identité de résident", "ru": "Удостоверение личности",
        "es": "Documento de identidad", "ar": "بطاقة الهوية", "pt": "Carteira de identidade"}),
    ("passport_page", ANY, 10 * MB, None, False, {
        "zh-hans": "护照资料页", "en": "Passport data page", "ko": "여권 정보면", "ja": "旅券の身分事項ページ",
        "de": "Passdatenseite", "fr": "Page de données du passeport", "ru": "Страница паспорта с данными",
        "es": "Página de datos del pasaporte", "ar": "صفحة بيانات جواز السفر", "pt": "Página de dados do passaporte"}),
    ("photo", IMAGES, 5 * MB, 180, False, {
        "zh-hans": "证件照片", "en": "ID photo", "ko": "증명사진", "ja": "証明写真", "de": "Passfoto",
        "fr": "Photo d'identité", "ru": "Фотография на документы", "es": "Fotografía de carné",
        "ar": "صورة شخصية رسمية", "pt": "Foto para documento"}),
    ("invitation_letter", ANY, 10 * MB, None, True, {
        "zh-hans": "邀请函", "en": "Invitation letter", "ko": "초청장", "ja": "招へい状", "de": "Einladungsschreiben",
        "fr": "Lettre d'invitation", "ru": "Письмо-приглашение", "es": "Carta de invitación", "ar": "رسالة دعوة",
        "pt": "Carta-convite"}),
    ("cv", ANY, 10 * MB, None, False, {
        "zh-hans": "个人简历", "en": "Curriculum vitae", "ko": "이력서", "ja": "履歴書", "de": "Lebenslauf",
        "fr": "Curriculum vitae", "ru": "Резюме", "es": "Currículum vítae", "ar": "السيرة الذاتية", "pt": "Currículo"}),
    ("employment_contract", ANY, 10 * MB, None, False, {
        "zh-hans": "劳动合同", "en": "Employment contract", "ko": "근로계약서", "ja": "雇用契約書", "de": "Arbeitsvertrag",
        "fr": "Contrat de travail", "ru": "Трудовой договор", "es": "Contrato de trabajo", "ar": "عقد العمل",
        "pt": "Contrato de trabalho"}),
    ("degree", ANY, 10 * MB, None, False, {
        "zh-hans": "学历学位证书", "en": "Degree certificate", "ko": "학위증명서", "ja": "学位証明書",
        "de": "Hochschulabschlusszeugnis", "fr": "Diplôme", "ru": "Диплом об образовании",
        "es": "Título académico", "ar": "شهادة الدرجة العلمية", "pt": "Diploma"}),
    ("criminal_record", ANY, 10 * MB, 180, False, {
        "zh-hans": "无犯罪记录证明", "en": "Criminal record certificate", "ko": "범죄경력증명서", "ja": "無犯罪証明書",
        "de": "Führungszeugnis", "fr": "Extrait de casier judiciaire", "ru": "Справка об отсутствии судимости",
        "es": "Certificado de antecedentes penales", "ar": "شهادة عدم المحكومية", "pt": "Certidão de antecedentes criminais"}),
    ("health_certificate", ANY, 10 * MB, 180, False, {
        "zh-hans": "体检证明", "en": "Health certificate", "ko": "건강진단서", "ja": "健康診断書", "de": "Gesundheitszeugnis",
        "fr": "Certificat médical", "ru": "Медицинская справка", "es": "Certificado médico", "ar": "شهادة صحية",
        "pt": "Atestado de saúde"}),
    ("trip_report", ANY, 10 * MB, None, True, {
        "zh-hans": "出访报告", "en": "Trip report", "ko": "출장 보고서", "ja": "出張報告書", "de": "Reisebericht",
        "fr": "Rapport de mission", "ru": "Отчёт о поездке", "es": "Informe del viaje", "ar": "تقرير الرحلة",
        "pt": "Relatório da viagem"}),
]  # fmt: skip


def seed(apps, schema_editor):
    MaterialType = apps.get_model("dossier", "MaterialType")
    for code, accepted, max_bytes, validity, per_case, names in CATALOGUE:
        MaterialType.objects.update_or_create(
            code=code,
            defaults={
                "name": names["en"],
                "names": names,
                "accepted_types": accepted,
                "max_bytes": max_bytes,
                "validity_days": validity,
                "per_case": per_case,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("dossier", "0002_alter_casematerial_options_and_more")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
