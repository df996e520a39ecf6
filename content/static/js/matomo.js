/*
 * Platzhalter für das Statistik-Skript der selbst betriebenen Matomo-Instanz.
 * fachwerk lädt diese Datei erst, nachdem Besucherinnen und Besucher der
 * Kategorie "Statistik" zugestimmt haben. Sie nimmt keine Verbindung zu
 * anderen Servern auf; hier stünde der Tracking-Code der eigenen Instanz.
 */
