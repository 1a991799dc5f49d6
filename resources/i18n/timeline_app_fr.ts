<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name></name>
    <message>
        <source>The store cannot be opened:
{problem}

{store}</source>
        <translation>Impossible d’ouvrir la base :
{problem}

{store}</translation>
    </message>
    <message>
        <source>Restore the newest good backup</source>
        <translation>Restaurer la dernière sauvegarde saine</translation>
    </message>
    <message>
        <source>Open another store…</source>
        <translation>Ouvrir une autre base…</translation>
    </message>
    <message>
        <source>Start a new store</source>
        <translation>Commencer une nouvelle base</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <source>Open a store</source>
        <translation>Ouvrir une base</translation>
    </message>
    <message>
        <source>Stores (*.sqlite);;All files (*)</source>
        <translation>Bases (*.sqlite);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>The store cannot be opened now:
{problem}</source>
        <translation>Impossible d’ouvrir la base maintenant :
{problem}</translation>
    </message>
    <message>
        <source>The team store cannot be opened:
{problem}</source>
        <translation>La base d’équipe ne peut pas être ouverte :
{problem}</translation>
    </message>
    <message>
        <source>No good backup was found.</source>
        <translation>Aucune sauvegarde saine n’a été trouvée.</translation>
    </message>
    <message>
        <source>The store is not damaged: it was refused for another reason. Replace it with the backup {backup}? It is kept beside it, renamed.

{store}</source>
        <translation>La base n’est pas endommagée : elle a été refusée pour une autre raison. La remplacer par la sauvegarde {backup} ? Elle est conservée à côté, renommée.

{store}</translation>
    </message>
    <message>
        <source>That did not work either:
{error}</source>
        <translation>Cela n’a pas fonctionné non plus :
{error}</translation>
    </message>
    <message>
        <source>Log: {note}.</source>
        <translation>Journal : {note}.</translation>
    </message>
    <message>
        <source>The settings cannot be saved in {file}: the changes you make now are lost when you quit.</source>
        <translation>Les réglages ne peuvent pas être enregistrés dans {file} : les changements faits maintenant seront perdus à la fermeture.</translation>
    </message>
    <message>
        <source>Date (start)</source>
        <translation>Date (début)</translation>
    </message>
    <message>
        <source>End date</source>
        <translation>Date de fin</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Lieu</translation>
    </message>
    <message>
        <source>District / territory</source>
        <translation>District / territoire</translation>
    </message>
    <message>
        <source>Province / region</source>
        <translation>Province / région</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>Latitude</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>Longitude</translation>
    </message>
    <message>
        <source>Event type</source>
        <translation>Type d’événement</translation>
    </message>
    <message>
        <source>Primary actors</source>
        <translation>Acteurs principaux</translation>
    </message>
    <message>
        <source>Opposing actors</source>
        <translation>Acteurs adverses</translation>
    </message>
    <message>
        <source>Associated actors</source>
        <translation>Acteurs associés</translation>
    </message>
    <message>
        <source>Source (name or URL)</source>
        <translation>Source (nom ou URL)</translation>
    </message>
    <message>
        <source>Fatalities</source>
        <translation>Victimes</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <source>the standard error output</source>
        <translation>la sortie d’erreur standard</translation>
    </message>
    <message>
        <source>Something went wrong: {error}

The details are in the log:
{log}</source>
        <translation>Une erreur s’est produite : {error}

Les détails sont dans le journal :
{log}</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ai&amp;de</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importer…</translation>
    </message>
    <message>
        <source>Import CSV or JSON event files</source>
        <translation>Importer des fichiers d’événements CSV ou JSON</translation>
    </message>
    <message>
        <source>Open &amp;team store…</source>
        <translation>Ouvrir une base d’é&amp;quipe…</translation>
    </message>
    <message>
        <source>Open a team&apos;s store on a PostgreSQL server, in a new window</source>
        <translation>Ouvrir la base d’une équipe sur un serveur PostgreSQL, dans une nouvelle fenêtre</translation>
    </message>
    <message>
        <source>S&amp;ync…</source>
        <translation>S&amp;ynchroniser…</translation>
    </message>
    <message>
        <source>Send this store&apos;s changes to a team store and get everyone else&apos;s</source>
        <translation>Envoyer les modifications de cette base à une base d’équipe et recevoir celles des autres</translation>
    </message>
    <message>
        <source>Export &amp;image…</source>
        <translation>Exporter une &amp;image…</translation>
    </message>
    <message>
        <source>The timeline as PNG, SVG or PDF, with title, legend and sources</source>
        <translation>La frise en PNG, SVG ou PDF, avec titre, légende et sources</translation>
    </message>
    <message>
        <source>Export &amp;briefing…</source>
        <translation>Exporter un &amp;briefing…</translation>
    </message>
    <message>
        <source>A deck that steps through the key events shown: PPTX or PDF</source>
        <translation>Une présentation qui parcourt les événements clés affichés : PPTX ou PDF</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Rétablir</translation>
    </message>
    <message>
        <source>&amp;New event…</source>
        <translation>&amp;Nouvel événement…</translation>
    </message>
    <message>
        <source>Record an event by hand</source>
        <translation>Saisir un événement à la main</translation>
    </message>
    <message>
        <source>&amp;Edit event…</source>
        <translation>&amp;Modifier l&apos;événement…</translation>
    </message>
    <message>
        <source>Change the selected event</source>
        <translation>Modifier l&apos;événement sélectionné</translation>
    </message>
    <message>
        <source>&amp;Delete event…</source>
        <translation>&amp;Supprimer l&apos;événement…</translation>
    </message>
    <message>
        <source>Delete the selected event (Undo brings it back)</source>
        <translation>Supprimer l&apos;événement sélectionné (Annuler le rétablit)</translation>
    </message>
    <message>
        <source>Deleted e&amp;vents…</source>
        <translation>Événements su&amp;pprimés…</translation>
    </message>
    <message>
        <source>The events deleted from this dataset, to restore</source>
        <translation>Les événements supprimés de ce jeu de données, à rétablir</translation>
    </message>
    <message>
        <source>Your name in the &amp;history…</source>
        <translation>Votre nom dans l&apos;&amp;historique…</translation>
    </message>
    <message>
        <source>The name your changes are recorded under</source>
        <translation>Le nom sous lequel vos modifications sont enregistrées</translation>
    </message>
    <message>
        <source>&amp;Copy image</source>
        <translation>&amp;Copier l’image</translation>
    </message>
    <message>
        <source>Copy the timeline as an image, to paste into a slide</source>
        <translation>Copier la frise en image, à coller dans une diapositive</translation>
    </message>
    <message>
        <source>&amp;Datasets…</source>
        <translation>&amp;Jeux de données…</translation>
    </message>
    <message>
        <source>The store&apos;s datasets: new, rename, delete, merge</source>
        <translation>Les jeux de données du stockage&#xa0;: nouveau, renommer, supprimer, fusionner</translation>
    </message>
    <message>
        <source>&amp;Export data…</source>
        <translation>&amp;Exporter les données…</translation>
    </message>
    <message>
        <source>Write the dataset to CSV or JSON</source>
        <translation>Écrire le jeu de données en CSV ou JSON</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Rechercher…</translation>
    </message>
    <message>
        <source>Search titles, descriptions, actors, places and sources</source>
        <translation>Chercher dans les titres, descriptions, acteurs, lieux et sources</translation>
    </message>
    <message>
        <source>&amp;Clear filters</source>
        <translation>&amp;Effacer les filtres</translation>
    </message>
    <message>
        <source>Show every event again</source>
        <translation>Afficher de nouveau tous les événements</translation>
    </message>
    <message>
        <source>&amp;Fit all</source>
        <translation>&amp;Tout afficher</translation>
    </message>
    <message>
        <source>Show all the events shown (F)</source>
        <translation>Afficher tous les événements affichés (F)</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>Zoom &amp;avant</translation>
    </message>
    <message>
        <source>Zoom in (+)</source>
        <translation>Zoom avant (+)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>Zoom a&amp;rrière</translation>
    </message>
    <message>
        <source>Zoom out (−)</source>
        <translation>Zoom arrière (−)</translation>
    </message>
    <message>
        <source>&amp;Previous event</source>
        <translation>Événement &amp;précédent</translation>
    </message>
    <message>
        <source>Select the previous event in time (←)</source>
        <translation>Sélectionner l’événement précédent dans le temps (←)</translation>
    </message>
    <message>
        <source>&amp;Next event</source>
        <translation>Événement &amp;suivant</translation>
    </message>
    <message>
        <source>Select the next event in time (→)</source>
        <translation>Sélectionner l’événement suivant dans le temps (→)</translation>
    </message>
    <message>
        <source>F&amp;ull screen</source>
        <translation>P&amp;lein écran</translation>
    </message>
    <message>
        <source>&amp;About Timeline App</source>
        <translation>À &amp;propos de Timeline App</translation>
    </message>
    <message>
        <source>Version, where the data lives, the data&apos;s terms</source>
        <translation>Version, emplacement des données, conditions des données</translation>
    </message>
    <message>
        <source>&amp;Present</source>
        <translation>&amp;Présenter</translation>
    </message>
    <message>
        <source>Full screen, one key event at a time: ←/→ or a clicker step, Esc leaves</source>
        <translation>Plein écran, un événement clé à la fois : ←/→ ou une télécommande pour avancer, Échap pour sortir</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Comme le système</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Clair</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Sombre</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Vue d’ensemble</translation>
    </message>
    <message numerus="yes">
        <source>%n step(s)</source>
        <translation>
            <numerusform>%n étape</numerusform>
            <numerusform>%n étapes</numerusform>
        </translation>
    </message>
    <message>
        <source>Dataset: {name}</source>
        <translation>Jeu de données : {name}</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Sources</translation>
    </message>
    <message>
        <source>the exact day is not known</source>
        <translation>le jour exact n’est pas connu</translation>
    </message>
    <message>
        <source>only the month is known</source>
        <translation>seul le mois est connu</translation>
    </message>
    <message>
        <source>only the year is known</source>
        <translation>seule l’année est connue</translation>
    </message>
    <message>
        <source>opposing</source>
        <translation>adversaire</translation>
    </message>
    <message>
        <source>associated</source>
        <translation>associé</translation>
    </message>
    <message>
        <source>name</source>
        <translation>nom</translation>
    </message>
    <message>
        <source>role</source>
        <translation>rôle</translation>
    </message>
    <message>
        <source>kind (a new actor)</source>
        <translation>type (un nouvel acteur)</translation>
    </message>
    <message>
        <source>aliases (a new actor)</source>
        <translation>autres noms (un nouvel acteur)</translation>
    </message>
    <message>
        <source>other names, comma-separated</source>
        <translation>autres noms, séparés par des virgules</translation>
    </message>
    <message>
        <source>An actor of the dataset: its kind and aliases stay as they are.</source>
        <translation>Un acteur du jeu de données&#xa0;: son type et ses autres noms restent tels qu&apos;ils sont.</translation>
    </message>
    <message>
        <source>“{alias}” already names “{actor}”: a name leads to one actor.</source>
        <translation>« {alias} » désigne déjà « {actor} »&#xa0;: un nom mène à un seul acteur.</translation>
    </message>
    <message>
        <source>Actor “{name}”: {error}</source>
        <translation>Acteur « {name} »&#xa0;: {error}</translation>
    </message>
    <message>
        <source>Actors:</source>
        <translation>Acteurs :</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Type :</translation>
    </message>
    <message>
        <source>Fatalities:</source>
        <translation>Victimes :</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>Étiquettes :</translation>
    </message>
    <message>
        <source>Select an event on the timeline or in the list.</source>
        <translation>Sélectionnez un événement sur la frise ou dans la liste.</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Actors</source>
        <translation>Acteurs</translation>
    </message>
    <message>
        <source>New or changed in the last import</source>
        <translation>Nouveau ou modifié lors du dernier import</translation>
    </message>
    <message>
        <source>No longer in its source (kept; see: timeline-app missing)</source>
        <translation>N’est plus dans sa source (conservé ; voir : timeline-app missing)</translation>
    </message>
    <message>
        <source>Key event</source>
        <translation>Événement clé</translation>
    </message>
    <message>
        <source>Known to the day</source>
        <translation>Connu au jour près</translation>
    </message>
    <message>
        <source>Known only to the week or month</source>
        <translation>Connu seulement à la semaine ou au mois</translation>
    </message>
    <message>
        <source>Period shown: {span}</source>
        <translation>Période affichée : {span}</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Frise chronologique</translation>
    </message>
    <message numerus="yes">
        <source>%n source(s) cited</source>
        <translation>
            <numerusform>%n source citée</numerusform>
            <numerusform>%n sources citées</numerusform>
        </translation>
    </message>
    <message>
        <source>All</source>
        <translation>Tous</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Aucun</translation>
    </message>
    <message>
        <source>Search titles, descriptions, actors, places, sources</source>
        <translation>Chercher : titres, descriptions, acteurs, lieux, sources</translation>
    </message>
    <message>
        <source>Actors: {names}</source>
        <translation>Acteurs : {names}</translation>
    </message>
    <message>
        <source>Places: {names}</source>
        <translation>Lieux : {names}</translation>
    </message>
    <message>
        <source>Types: {names}</source>
        <translation>Types : {names}</translation>
    </message>
    <message>
        <source>Text: “{text}”</source>
        <translation>Texte : « {text} »</translation>
    </message>
    <message>
        <source>Key events only</source>
        <translation>Événements clés seulement</translation>
    </message>
    <message>
        <source>Changed in the last import</source>
        <translation>Modifiés lors du dernier import</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Du</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Au</translation>
    </message>
    <message>
        <source>Find an actor</source>
        <translation>Trouver un acteur</translation>
    </message>
    <message>
        <source>Find a type</source>
        <translation>Trouver un type</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Effacer les filtres</translation>
    </message>
    <message>
        <source>Places</source>
        <translation>Lieux</translation>
    </message>
    <message>
        <source>Event types</source>
        <translation>Types d’événement</translation>
    </message>
    <message>
        <source>Changed in the last import ({count}, {file})</source>
        <translation>Modifiés lors du dernier import ({count}, {file})</translation>
    </message>
    <message>
        <source>“{text}” is not a date: write it as 15 Mar 2025, 2025-03-15 or 15/03/2025. The filter keeps {date}.</source>
        <translation>« {text} » n’est pas une date : écrivez-la 15 mars 2025, 2025-03-15 ou 15/03/2025. Le filtre garde le {date}.</translation>
    </message>
    <message>
        <source>As the system</source>
        <translation>Comme le système</translation>
    </message>
    <message>
        <source>Others ({count} actors)</source>
        <translation>Autres ({count} acteurs)</translation>
    </message>
    <message>
        <source>Others ({count} places)</source>
        <translation>Autres ({count} lieux)</translation>
    </message>
    <message>
        <source>Others ({count} types)</source>
        <translation>Autres ({count} types)</translation>
    </message>
    <message>
        <source>Others ({count} events)</source>
        <translation>Autres ({count} événements)</translation>
    </message>
    <message>
        <source>{file} → &apos;{dataset}&apos;: {new} new, {updated} updated, {unchanged} unchanged, {missing} no longer in the source</source>
        <translation>{file} → « {dataset} » : {new} nouveaux, {updated} mis à jour, {unchanged} inchangés, {missing} absents de la source</translation>
    </message>
    <message>
        <source>, {kept} kept (edited here)</source>
        <translation>, {kept} conservés (modifiés ici)</translation>
    </message>
    <message>
        <source>, {refused} refused</source>
        <translation>, {refused} refusés</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Import en cours…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Waiting for another import to finish…</source>
        <translation>En attente de la fin d’une autre importation…</translation>
    </message>
    <message>
        <source>The import stopped unexpectedly; nothing of the file being imported was stored.</source>
        <translation>L’importation s’est arrêtée de façon inattendue ; rien du fichier en cours d’importation n’a été enregistré.</translation>
    </message>
    <message>
        <source>Preparing the view…</source>
        <translation>Préparation de l’affichage…</translation>
    </message>
    <message>
        <source>{error}; nothing was imported from this file</source>
        <translation>{error} ; rien n’a été importé de ce fichier</translation>
    </message>
    <message>
        <source>Import of {file} cancelled: nothing of it was stored.</source>
        <translation>Import de {file} annulé : rien n’en a été enregistré.</translation>
    </message>
    <message>
        <source>Lanes: actors</source>
        <translation>Lignes : acteurs</translation>
    </message>
    <message>
        <source>Lanes: places</source>
        <translation>Lignes : lieux</translation>
    </message>
    <message>
        <source>Lanes: event types</source>
        <translation>Lignes : types d’événement</translation>
    </message>
    <message>
        <source>One lane</source>
        <translation>Une seule ligne</translation>
    </message>
    <message>
        <source>Event files (*.csv *.tsv *.txt *.json *.xlsx);;All files (*)</source>
        <translation>Fichiers d’événements (*.csv *.tsv *.txt *.json *.xlsx);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>{app} {version}: an offline timeline of conflict events.

Store: {store}
Settings: {settings}
Logs: {logs}

The bundled Congo 2025 dataset is compiled from the news reports each event cites; those reports belong to their publishers. Data you import (ACLED, UCDP GED and others) stays under its provider&apos;s terms: ACLED&apos;s data is for attributed use under its terms of use, UCDP&apos;s under CC BY 4.0. Cite the sources shown on each event.

Timeline App never uses the network: links open in your browser only when you click.</source>
        <translation>{app} {version} : une frise chronologique hors ligne des événements d’un conflit.

Base : {store}
Réglages : {settings}
Journaux : {logs}

Le jeu de données Congo 2025 fourni est compilé à partir des articles de presse que cite chaque événement ; ces articles appartiennent à leurs éditeurs. Les données que vous importez (ACLED, UCDP GED et autres) restent soumises aux conditions de leur fournisseur : les données d’ACLED s’utilisent avec attribution selon ses conditions d’utilisation, celles d’UCDP sous licence CC BY 4.0. Citez les sources indiquées pour chaque événement.

Timeline App n’utilise jamais le réseau : les liens s’ouvrent dans votre navigateur seulement quand vous cliquez.</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>Filtres</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Principale</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Jeu de données</translation>
    </message>
    <message>
        <source>&amp;Stories</source>
        <translation>&amp;Récits</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Thème</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <source>The store is read-only: nothing can be imported into it</source>
        <translation>La base est en lecture seule : rien ne peut y être importé</translation>
    </message>
    <message>
        <source>{title} (read-only)</source>
        <translation>{title} (lecture seule)</translation>
    </message>
    <message>
        <source>No datasets yet: import a file (File → Import…)</source>
        <translation>Aucun jeu de données : importez un fichier (Fichier → Importer…)</translation>
    </message>
    <message>
        <source>{shown} of {total} events shown</source>
        <translation>{shown} événements affichés sur {total}</translation>
    </message>
    <message>
        <source>Import events</source>
        <translation>Importer des événements</translation>
    </message>
    <message>
        <source>The store is read-only: nothing can be imported into it.

{store}</source>
        <translation>La base est en lecture seule : rien ne peut y être importé.

{store}</translation>
    </message>
    <message numerus="yes">
        <source>Importing %n file(s)…</source>
        <translation>
            <numerusform>Import de %n fichier…</numerusform>
            <numerusform>Import de %n fichiers…</numerusform>
        </translation>
    </message>
    <message>
        <source>Export data</source>
        <translation>Exporter les données</translation>
    </message>
    <message>
        <source>No events to present: clear the filters</source>
        <translation>Aucun événement à présenter : effacez les filtres</translation>
    </message>
    <message>
        <source>About {app}</source>
        <translation>À propos de {app}</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucune)</translation>
    </message>
    <message>
        <source>day</source>
        <translation>jour</translation>
    </message>
    <message>
        <source>week</source>
        <translation>semaine</translation>
    </message>
    <message>
        <source>month</source>
        <translation>mois</translation>
    </message>
    <message>
        <source>year</source>
        <translation>année</translation>
    </message>
    <message>
        <source>primary</source>
        <translation>principal</translation>
    </message>
    <message>
        <source>(precision not known)</source>
        <translation>(précision inconnue)</translation>
    </message>
    <message>
        <source>a site</source>
        <translation>un site précis</translation>
    </message>
    <message>
        <source>the town</source>
        <translation>la localité</translation>
    </message>
    <message>
        <source>near the town</source>
        <translation>près de la localité</translation>
    </message>
    <message>
        <source>a region</source>
        <translation>une région</translation>
    </message>
    <message>
        <source>the country</source>
        <translation>le pays</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Abandonner</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Abandonner</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Continuer la saisie</translation>
    </message>
    <message>
        <source>New event</source>
        <translation>Nouvel événement</translation>
    </message>
    <message>
        <source>Edit event</source>
        <translation>Modifier l&apos;événement</translation>
    </message>
    <message>
        <source>YYYY-MM-DD, YYYY-MM or YYYY</source>
        <translation>AAAA-MM-JJ, AAAA-MM ou AAAA</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>facultatif</translation>
    </message>
    <message>
        <source>why the date is uncertain, what sources disagree on</source>
        <translation>pourquoi la date est incertaine, sur quoi les sources divergent</translation>
    </message>
    <message>
        <source>a place of the dataset, or a new one</source>
        <translation>un lieu du jeu de données, ou un nouveau</translation>
    </message>
    <message>
        <source>latitude, e.g. −1.68</source>
        <translation>latitude, ex. −1,68</translation>
    </message>
    <message>
        <source>longitude, e.g. 29.22</source>
        <translation>longitude, ex. 29,22</translation>
    </message>
    <message>
        <source>one a line: URL | title | date accessed</source>
        <translation>une par ligne : URL | titre | date de consultation</translation>
    </message>
    <message>
        <source>comma-separated</source>
        <translation>séparés par des virgules</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Titre</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>précision</translation>
    </message>
    <message>
        <source>to</source>
        <translation>au</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>&amp;Date</translation>
    </message>
    <message>
        <source>Date note</source>
        <translation>Note sur la date</translation>
    </message>
    <message>
        <source>&amp;Place</source>
        <translation>&amp;Lieu</translation>
    </message>
    <message>
        <source>district</source>
        <translation>territoire</translation>
    </message>
    <message>
        <source>province</source>
        <translation>province</translation>
    </message>
    <message>
        <source>country</source>
        <translation>pays</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Région</translation>
    </message>
    <message>
        <source>Latitude, longitude</source>
        <translation>Latitude, longitude</translation>
    </message>
    <message>
        <source>&amp;Actors</source>
        <translation>&amp;Acteurs</translation>
    </message>
    <message>
        <source>T&amp;ype</source>
        <translation>T&amp;ype</translation>
    </message>
    <message>
        <source>D&amp;escription</source>
        <translation>D&amp;escription</translation>
    </message>
    <message>
        <source>&amp;Sources</source>
        <translation>&amp;Sources</translation>
    </message>
    <message>
        <source>Ta&amp;gs</source>
        <translation>Éti&amp;quettes</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <source>Discard this event? What you typed is lost.</source>
        <translation>Abandonner cet événement ? Ce que vous avez saisi sera perdu.</translation>
    </message>
    <message>
        <source>Discard your changes to this event?</source>
        <translation>Abandonner vos modifications de cet événement ?</translation>
    </message>
    <message>
        <source>An event needs a title.</source>
        <translation>Un événement a besoin d&apos;un titre.</translation>
    </message>
    <message>
        <source>An event needs a date.</source>
        <translation>Un événement a besoin d&apos;une date.</translation>
    </message>
    <message>
        <source>“{text}” is not a date: write YYYY-MM-DD, YYYY-MM or YYYY.</source>
        <translation>« {text} » n&apos;est pas une date : écrivez AAAA-MM-JJ, AAAA-MM ou AAAA.</translation>
    </message>
    <message>
        <source>“{text}” gives only the year: choose the year precision, or write the month and day.</source>
        <translation>« {text} » ne donne que l&apos;année : choisissez la précision année, ou écrivez le mois et le jour.</translation>
    </message>
    <message>
        <source>“{text}” gives no day: choose the month or year precision, or write the day it was.</source>
        <translation>« {text} » ne donne pas le jour : choisissez la précision mois ou année, ou écrivez le jour.</translation>
    </message>
    <message>
        <source>“{text}” is not a number.</source>
        <translation>« {text} » n&apos;est pas un nombre.</translation>
    </message>
    <message>
        <source>{value} is outside −{limit}…{limit}.</source>
        <translation>{value} est hors de −{limit}…{limit}.</translation>
    </message>
    <message>
        <source>Give both latitude and longitude, or neither.</source>
        <translation>Donnez la latitude et la longitude, ou aucune des deux.</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Précision</translation>
    </message>
    <message>
        <source>The file settles it: {example} can only be day first.</source>
        <translation>Le fichier le tranche : {example} ne peut être que jour en premier.</translation>
    </message>
    <message>
        <source>The file settles it: {example} can only be month first.</source>
        <translation>Le fichier le tranche : {example} ne peut être que mois en premier.</translation>
    </message>
    <message>
        <source>against {names}</source>
        <translation>contre {names}</translation>
    </message>
    <message>
        <source>with {names}</source>
        <translation>avec {names}</translation>
    </message>
    <message>
        <source>Import {file}: which column is which?</source>
        <translation>Import de {file} : quelle colonne est quoi ?</translation>
    </message>
    <message>
        <source>* required; without a title column, each title is the first sentence of the description. Several names in one cell: separate them with ;</source>
        <translation>* obligatoire ; sans colonne de titre, chaque titre est la première phrase de la description. Plusieurs noms dans une cellule : séparez-les par ;</translation>
    </message>
    <message>
        <source>day/month/year (4/1/2017 is 4 January)</source>
        <translation>jour/mois/année (4/1/2017 est le 4 janvier)</translation>
    </message>
    <message>
        <source>month/day/year (4/1/2017 is 1 April)</source>
        <translation>mois/jour/année (4/1/2017 est le 1er avril)</translation>
    </message>
    <message>
        <source>Slashed dates are</source>
        <translation>Les dates avec barres obliques sont en</translation>
    </message>
    <message>
        <source>The first rows of {file}:</source>
        <translation>Les premières lignes de {file} :</translation>
    </message>
    <message>
        <source>What the import makes of the first rows:</source>
        <translation>Ce que l’import fait des premières lignes :</translation>
    </message>
    <message>
        <source>Title, or a Description to take it from</source>
        <translation>Titre, ou une Description d’où le tirer</translation>
    </message>
    <message>
        <source>Choose a column for: {fields}</source>
        <translation>Choisissez une colonne pour : {fields}</translation>
    </message>
    <message>
        <source>The dates mix both orders: {problem}.</source>
        <translation>Les dates mélangent les deux ordres : {problem}.</translation>
    </message>
    <message>
        <source>Dates such as {example} read either way: say which order the file uses.</source>
        <translation>Des dates comme {example} se lisent dans les deux sens : indiquez l’ordre du fichier.</translation>
    </message>
    <message>
        <source>Line {line} cannot be read with these choices (in red above): choose other columns, or correct the file.</source>
        <translation>La ligne {line} ne peut pas être lue avec ces choix (en rouge ci-dessus) : choisissez d’autres colonnes, ou corrigez le fichier.</translation>
    </message>
    <message>
        <source>Choose the columns above to see the events.</source>
        <translation>Choisissez les colonnes ci-dessus pour voir les événements.</translation>
    </message>
    <message>
        <source>Presentation — Timeline App</source>
        <translation>Présentation — Timeline App</translation>
    </message>
    <message>
        <source>Sources: {names}</source>
        <translation>Sources : {names}</translation>
    </message>
    <message>
        <source>No longer in its source at the last import (kept until removed)</source>
        <translation>N’était plus dans sa source au dernier import (conservé jusqu’à suppression)</translation>
    </message>
    <message>
        <source>New or changed in the last import ({file})</source>
        <translation>Nouveau ou modifié lors du dernier import ({file})</translation>
    </message>
    <message>
        <source>Story</source>
        <translation>Récit</translation>
    </message>
    <message>
        <source>What to say at this step (optional)</source>
        <translation>Ce qu’il faut dire à cette étape (facultatif)</translation>
    </message>
    <message>
        <source>Add the selected event</source>
        <translation>Ajouter l’événement sélectionné</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Monter</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Descendre</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Steps, in the order they are told</source>
        <translation>Étapes, dans l’ordre du récit</translation>
    </message>
    <message>
        <source>Untitled story</source>
        <translation>Récit sans titre</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>Image PNG (*.png);;Dessin SVG (*.svg);;Document PDF (*.pdf)</translation>
    </message>
    <message>
        <source>{file} is the store itself: choose another file.</source>
        <translation>{file} est la base elle-même : choisissez un autre fichier.</translation>
    </message>
    <message>
        <source>Export image</source>
        <translation>Exporter une image</translation>
    </message>
    <message>
        <source>Wrote {file}</source>
        <translation>{file} enregistré</translation>
    </message>
    <message>
        <source>No events to brief on: clear the filters</source>
        <translation>Aucun événement pour un briefing : effacez les filtres</translation>
    </message>
    <message>
        <source>Export briefing</source>
        <translation>Exporter un briefing</translation>
    </message>
    <message>
        <source>A briefing is a .pptx or a .pdf file.</source>
        <translation>Un briefing est un fichier .pptx ou .pdf.</translation>
    </message>
    <message numerus="yes">
        <source>Making the briefing: %n step(s)…</source>
        <translation>
            <numerusform>Préparation du briefing : %n étape…</numerusform>
            <numerusform>Préparation du briefing : %n étapes…</numerusform>
        </translation>
    </message>
    <message>
        <source>The timeline is on the clipboard</source>
        <translation>La frise est dans le presse-papiers</translation>
    </message>
    <message>
        <source>New story from the key events shown…</source>
        <translation>Nouveau récit à partir des événements clés affichés…</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>Présenter</translation>
    </message>
    <message>
        <source>“{title}” was changed since, in another window or program: nothing was changed, so that its change is not lost.</source>
        <translation>« {title} » a été modifié depuis, dans une autre fenêtre ou un autre programme : rien n&apos;a été changé, pour que cette modification ne soit pas perdue.</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <source>History…</source>
        <translation>Historique…</translation>
    </message>
    <message>
        <source>&amp;Undo {what}</source>
        <translation>&amp;Annuler : {what}</translation>
    </message>
    <message>
        <source>&amp;Redo {what}</source>
        <translation>&amp;Rétablir : {what}</translation>
    </message>
    <message numerus="yes">
        <source>Edited %n time(s), last by {who} on {date}</source>
        <translation>
            <numerusform>Modifié %n fois, en dernier par {who} le {date}</numerusform>
            <numerusform>Modifié %n fois, en dernier par {who} le {date}</numerusform>
        </translation>
    </message>
    <message>
        <source>Added by {who} on {date}</source>
        <translation>Ajouté par {who} le {date}</translation>
    </message>
    <message>
        <source>The store is read-only: nothing can be saved to it.</source>
        <translation>La base est en lecture seule : rien ne peut y être enregistré.</translation>
    </message>
    <message>
        <source>An import is writing to the store: save again once it has finished (what you typed is kept).</source>
        <translation>Une importation écrit dans la base : enregistrez à nouveau une fois qu&apos;elle est terminée (ce que vous avez saisi est conservé).</translation>
    </message>
    <message>
        <source>The store is busy ({error}): another program may be writing to it. Save again in a moment.</source>
        <translation>La base est occupée ({error}) : un autre programme y écrit peut-être. Enregistrez à nouveau dans un instant.</translation>
    </message>
    <message>
        <source>add “{title}”</source>
        <translation>l&apos;ajout de « {title} »</translation>
    </message>
    <message>
        <source>edit “{title}”</source>
        <translation>la modification de « {title} »</translation>
    </message>
    <message>
        <source>Change events</source>
        <translation>Modifier des événements</translation>
    </message>
    <message numerus="yes">
        <source>mark %n event(s) as key</source>
        <translation>
            <numerusform>le marquage de %n événement comme clé</numerusform>
            <numerusform>le marquage de %n événements comme clés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>unmark %n key event(s)</source>
        <translation>
            <numerusform>le retrait de %n événement clé</numerusform>
            <numerusform>le retrait de %n événements clés</numerusform>
        </translation>
    </message>
    <message>
        <source>Add a tag</source>
        <translation>Ajouter une étiquette</translation>
    </message>
    <message>
        <source>Tag:</source>
        <translation>Étiquette :</translation>
    </message>
    <message numerus="yes">
        <source>tag %n event(s) “{tag}”</source>
        <translation>
            <numerusform>l&apos;étiquette « {tag} » sur %n événement</numerusform>
            <numerusform>l&apos;étiquette « {tag} » sur %n événements</numerusform>
        </translation>
    </message>
    <message>
        <source>Set the type</source>
        <translation>Choisir le type</translation>
    </message>
    <message numerus="yes">
        <source>set the type of %n event(s)</source>
        <translation>
            <numerusform>le type de %n événement</numerusform>
            <numerusform>le type de %n événements</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete “{title}” ({date})? Undo (Ctrl+Z) brings it back.</source>
        <translation>Supprimer « {title} » ({date}) ? Annuler (Ctrl+Z) le rétablit.</translation>
    </message>
    <message numerus="yes">
        <source>Delete these %n events? Undo (Ctrl+Z) brings them back.</source>
        <translation>
            <numerusform>Supprimer cet événement ? Annuler (Ctrl+Z) le rétablit.</numerusform>
            <numerusform>Supprimer ces %n événements ? Annuler (Ctrl+Z) les rétablit.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>delete %n events</source>
        <translation>
            <numerusform>la suppression de %n événement</numerusform>
            <numerusform>la suppression de %n événements</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete event</source>
        <translation>Supprimer l&apos;événement</translation>
    </message>
    <message numerus="yes">
        <source>Mark %n event(s) as key</source>
        <translation>
            <numerusform>Marquer %n événement comme clé</numerusform>
            <numerusform>Marquer %n événements comme clés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Unmark %n key event(s)</source>
        <translation>
            <numerusform>Retirer la marque clé de %n événement</numerusform>
            <numerusform>Retirer la marque clé de %n événements</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Add a tag to %n events…</source>
        <translation>
            <numerusform>Ajouter une étiquette à %n événement…</numerusform>
            <numerusform>Ajouter une étiquette à %n événements…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Set the type of %n events…</source>
        <translation>
            <numerusform>Choisir le type de %n événement…</numerusform>
            <numerusform>Choisir le type de %n événements…</numerusform>
        </translation>
    </message>
    <message>
        <source>delete “{title}”</source>
        <translation>la suppression de « {title} »</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Rétablir</translation>
    </message>
    <message>
        <source>Your name in the history</source>
        <translation>Votre nom dans l&apos;historique</translation>
    </message>
    <message>
        <source>Changes you make are recorded under this name (empty: your login name, {user}):</source>
        <translation>Vos modifications sont enregistrées sous ce nom (vide : votre nom de connexion, {user}) :</translation>
    </message>
    <message>
        <source>Take the source&apos;s version</source>
        <translation>Prendre la version de la source</translation>
    </message>
    <message>
        <source>History of “{title}”</source>
        <translation>Historique de « {title} »</translation>
    </message>
    <message>
        <source>No change since it was added.</source>
        <translation>Aucun changement depuis son ajout.</translation>
    </message>
    <message>
        <source>No change since it was imported on {date} (from {file}).</source>
        <translation>Aucun changement depuis son import le {date} (depuis {file}).</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Rétablir</translation>
    </message>
    <message>
        <source>Deleted events</source>
        <translation>Événements supprimés</translation>
    </message>
    <message>
        <source>Nothing was restored: {error}</source>
        <translation>Rien n&apos;a été rétabli : {error}</translation>
    </message>
    <message>
        <source>restore “{title}”</source>
        <translation>le rétablissement de « {title} »</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <source>Nothing was changed: {error}</source>
        <translation>Rien n&apos;a été modifié : {error}</translation>
    </message>
    <message>
        <source>take the source&apos;s “{title}”</source>
        <translation>la reprise de « {title} » de la source</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Supprimer…</translation>
    </message>
    <message>
        <source>New story</source>
        <translation>Nouveau récit</translation>
    </message>
    <message>
        <source>Saving the story &apos;{name}&apos;</source>
        <translation>Enregistrement du récit « {name} »</translation>
    </message>
    <message>
        <source>Saved the story &apos;{name}&apos;</source>
        <translation>Récit « {name} » enregistré</translation>
    </message>
    <message>
        <source>Delete story</source>
        <translation>Supprimer le récit</translation>
    </message>
    <message>
        <source>Delete the story &apos;{name}&apos;?</source>
        <translation>Supprimer le récit « {name} » ?</translation>
    </message>
    <message>
        <source>Deleting the story &apos;{name}&apos;</source>
        <translation>Suppression du récit « {name} »</translation>
    </message>
    <message>
        <source>Deleted the story &apos;{name}&apos;</source>
        <translation>Récit « {name} » supprimé</translation>
    </message>
    <message>
        <source>(no actor)</source>
        <translation>(sans acteur)</translation>
    </message>
    <message>
        <source>(no place)</source>
        <translation>(sans lieu)</translation>
    </message>
    <message>
        <source>(no type)</source>
        <translation>(sans type)</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>Tous les événements</translation>
    </message>
    <message>
        <source>Indexing for search: {done} of {total} events</source>
        <translation>Indexation pour la recherche : {done} sur {total} événements</translation>
    </message>
    <message>
        <source>Search already finds these events, more slowly and matching words anywhere in their text, until they are indexed.</source>
        <translation>La recherche trouve déjà ces événements, plus lentement et en reconnaissant les mots n’importe où dans leur texte, jusqu’à ce qu’ils soient indexés.</translation>
    </message>
    <message>
        <source>Writing the briefing…</source>
        <translation>Écriture du briefing…</translation>
    </message>
    <message>
        <source>Briefing cancelled: nothing was written.</source>
        <translation>Briefing annulé : rien n’a été écrit.</translation>
    </message>
    <message>
        <source>The briefing could not be written: {error}</source>
        <translation>Le briefing n’a pas pu être écrit : {error}</translation>
    </message>
    <message>
        <source>The briefing stopped unexpectedly; nothing was written.</source>
        <translation>Le briefing s’est arrêté de façon inattendue ; rien n’a été écrit.</translation>
    </message>
    <message>
        <source>No key events among the {shown} events shown: {count} steps instead, those with the most fatalities (then actors) spread over the period. Mark key events, or make a story, to choose your own.</source>
        <translation>Aucun événement clé parmi les {shown} événements affichés : {count} étapes à la place, celles qui comptent le plus de morts (puis d’acteurs), réparties sur la période. Marquez des événements clés, ou faites un récit, pour choisir vous-même.</translation>
    </message>
    <message>
        <source>No key events among the {shown} events shown: a step for each.</source>
        <translation>Aucun événement clé parmi les {shown} événements affichés : une étape pour chacun.</translation>
    </message>
    <message>
        <source>{what}: waiting for the import to finish</source>
        <translation>{what} : en attente de la fin de l’importation</translation>
    </message>
    <message>
        <source>Store busy</source>
        <translation>Base occupée</translation>
    </message>
    <message>
        <source>{what} failed: the store is busy ({error}). Another program may be writing to it.</source>
        <translation>{what} : échec, la base est occupée ({error}). Un autre programme y écrit peut-être.</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Base</translation>
    </message>
    <message>
        <source>{what} failed: the store is read-only, nothing can be written to it.

{store}</source>
        <translation>{what} : échec, la base est en lecture seule, rien ne peut y être écrit.

{store}</translation>
    </message>
    <message>
        <source>{what} failed: {error}</source>
        <translation>{what} : échec ({error})</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Recharger</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Ignorer</translation>
    </message>
    <message>
        <source>The dataset &apos;{name}&apos; was deleted by another program.</source>
        <translation>Le jeu de données « {name} » a été supprimé par un autre programme.</translation>
    </message>
    <message>
        <source>Show another</source>
        <translation>En afficher un autre</translation>
    </message>
    <message>
        <source>The dataset &apos;{name}&apos; was changed by another program (an import?). What you see is as it was.</source>
        <translation>Le jeu de données « {name} » a été modifié par un autre programme (une importation ?). Ce qui est affiché est l&apos;état d&apos;avant.</translation>
    </message>
    <message>
        <source>By events shown</source>
        <translation>Par nombre d’événements affichés</translation>
    </message>
    <message>
        <source>By name</source>
        <translation>Par nom</translation>
    </message>
    <message>
        <source>By first date</source>
        <translation>Par première date</translation>
    </message>
    <message>
        <source>La&amp;nes</source>
        <translation>Li&amp;gnes</translation>
    </message>
    <message>
        <source>Hid “{name}”: Lanes → Show hidden lane brings it back</source>
        <translation>« {name} » masquée : Lignes → Afficher une ligne masquée la fait revenir</translation>
    </message>
    <message>
        <source>Lanes</source>
        <translation>Lignes</translation>
    </message>
    <message>
        <source>Lanes to show besides “Others”:</source>
        <translation>Lignes à afficher en plus de « Autres » :</translation>
    </message>
    <message>
        <source>&amp;Hide lane</source>
        <translation>&amp;Masquer une ligne</translation>
    </message>
    <message>
        <source>&amp;Pin lane on top</source>
        <translation>É&amp;pingler une ligne en haut</translation>
    </message>
    <message>
        <source>Show hi&amp;dden lane</source>
        <translation>Afficher une ligne ma&amp;squée</translation>
    </message>
    <message>
        <source>Lanes &amp;shown</source>
        <translation>Lignes &amp;affichées</translation>
    </message>
    <message>
        <source>As many as fit the view</source>
        <translation>Autant que la vue en contient</translation>
    </message>
    <message numerus="yes">
        <source>%n lane(s) and “Others”</source>
        <translation>
            <numerusform>%n ligne et « Autres »</numerusform>
            <numerusform>%n lignes et « Autres »</numerusform>
        </translation>
    </message>
    <message>
        <source>All lanes</source>
        <translation>Toutes les lignes</translation>
    </message>
    <message>
        <source>Another number…</source>
        <translation>Un autre nombre…</translation>
    </message>
    <message>
        <source>Show &amp;all lanes</source>
        <translation>Afficher &amp;toutes les lignes</translation>
    </message>
    <message>
        <source>&amp;Reset lanes</source>
        <translation>&amp;Réinitialiser les lignes</translation>
    </message>
    <message>
        <source>Show all lanes</source>
        <translation>Afficher toutes les lignes</translation>
    </message>
    <message>
        <source>Hide “{name}”</source>
        <translation>Masquer « {name} »</translation>
    </message>
    <message>
        <source>Unpin “{name}”</source>
        <translation>Désépingler « {name} »</translation>
    </message>
    <message>
        <source>Pin “{name}” on top</source>
        <translation>Épingler « {name} » en haut</translation>
    </message>
    <message>
        <source>title</source>
        <translation>titre</translation>
    </message>
    <message>
        <source>date</source>
        <translation>date</translation>
    </message>
    <message>
        <source>end</source>
        <translation>fin</translation>
    </message>
    <message>
        <source>date note</source>
        <translation>note sur la date</translation>
    </message>
    <message>
        <source>place</source>
        <translation>lieu</translation>
    </message>
    <message>
        <source>latitude</source>
        <translation>latitude</translation>
    </message>
    <message>
        <source>longitude</source>
        <translation>longitude</translation>
    </message>
    <message>
        <source>actors</source>
        <translation>acteurs</translation>
    </message>
    <message>
        <source>type</source>
        <translation>type</translation>
    </message>
    <message>
        <source>description</source>
        <translation>description</translation>
    </message>
    <message>
        <source>sources</source>
        <translation>sources</translation>
    </message>
    <message>
        <source>key event</source>
        <translation>événement clé</translation>
    </message>
    <message>
        <source>tags</source>
        <translation>étiquettes</translation>
    </message>
    <message>
        <source>fatalities</source>
        <translation>victimes</translation>
    </message>
    <message>
        <source>decision</source>
        <translation>décision</translation>
    </message>
    <message>
        <source>added</source>
        <translation>ajouté</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>modifié</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>supprimé</translation>
    </message>
    <message>
        <source>restored</source>
        <translation>rétabli</translation>
    </message>
    <message>
        <source>the source now says (the edit here was kept)</source>
        <translation>la source dit maintenant (la modification faite ici est conservée)</translation>
    </message>
    <message>
        <source>sync conflict decided</source>
        <translation>conflit de synchronisation tranché</translation>
    </message>
    <message>
        <source>undone</source>
        <translation>annulé</translation>
    </message>
    <message>
        <source>redone</source>
        <translation>rétabli</translation>
    </message>
    <message>
        <source>{field}: {old} → {new}</source>
        <translation>{field}&#xa0;: {old} → {new}</translation>
    </message>
    <message>
        <source>{what}:</source>
        <translation>{what}&#xa0;:</translation>
    </message>
    <message>
        <source>window</source>
        <translation>fenêtre</translation>
    </message>
    <message>
        <source>sync with {store}</source>
        <translation>synchronisation avec {store}</translation>
    </message>
    <message>
        <source>import of {file}</source>
        <translation>importation de {file}</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Qui</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Quoi</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Où</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>New event here…</source>
        <translation>Nouvel événement ici…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Modifier…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Supprimer…</translation>
    </message>
    <message>
        <source>&amp;History…</source>
        <translation>&amp;Historique…</translation>
    </message>
    <message>
        <source>Unmark key</source>
        <translation>Ne plus marquer comme clé</translation>
    </message>
    <message>
        <source>Mark key</source>
        <translation>Marquer comme clé</translation>
    </message>
    <message>
        <source>Datasets</source>
        <translation>Jeux de données</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Événements</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Ouvrir</translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation>&amp;Nouveau…</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>&amp;Renommer…</translation>
    </message>
    <message>
        <source>&amp;Merge into…</source>
        <translation>&amp;Fusionner dans…</translation>
    </message>
    <message>
        <source>An import is writing to the store: try again once it has finished.</source>
        <translation>Une importation écrit dans le stockage&#xa0;: réessayez une fois qu&apos;elle est terminée.</translation>
    </message>
    <message>
        <source>The store is busy ({error}): another program may be writing to it. Try again in a moment.</source>
        <translation>Le stockage est occupé ({error})&#xa0;: un autre programme y écrit peut-être. Réessayez dans un instant.</translation>
    </message>
    <message>
        <source>New dataset</source>
        <translation>Nouveau jeu de données</translation>
    </message>
    <message>
        <source>Name of the dataset:</source>
        <translation>Nom du jeu de données&#xa0;:</translation>
    </message>
    <message>
        <source>“{name}” made (empty).</source>
        <translation>« {name} » créé (vide).</translation>
    </message>
    <message>
        <source>Rename the dataset</source>
        <translation>Renommer le jeu de données</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>Nouveau nom&#xa0;:</translation>
    </message>
    <message>
        <source>“{name}” is now “{new}”.</source>
        <translation>« {name} » s&apos;appelle maintenant « {new} ».</translation>
    </message>
    <message>
        <source>Delete the empty dataset “{name}”?</source>
        <translation>Supprimer le jeu de données vide « {name} »&#xa0;?</translation>
    </message>
    <message numerus="yes">
        <source>Delete the dataset “{name}” and its %n event(s)?</source>
        <translation>
            <numerusform>Supprimer le jeu de données « {name} » et son %n événement&#xa0;?</numerusform>
            <numerusform>Supprimer le jeu de données « {name} » et ses %n événements&#xa0;?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete the dataset “{name}” and its %n event(s)? A copy of the store as it is now is kept in its backups folder first.</source>
        <translation>
            <numerusform>Supprimer le jeu de données « {name} » et son %n événement&#xa0;? Une copie du stockage tel qu&apos;il est maintenant est d&apos;abord gardée dans son dossier de sauvegardes.</numerusform>
            <numerusform>Supprimer le jeu de données « {name} » et ses %n événements&#xa0;? Une copie du stockage tel qu&apos;il est maintenant est d&apos;abord gardée dans son dossier de sauvegardes.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete the dataset</source>
        <translation>Supprimer le jeu de données</translation>
    </message>
    <message numerus="yes">
        <source>“{name}” deleted (%n event(s)).</source>
        <translation>
            <numerusform>« {name} » supprimé (%n événement).</numerusform>
            <numerusform>« {name} » supprimé (%n événements).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>“{name}” deleted (%n event(s)); the store as it was is kept in {backup}.</source>
        <translation>
            <numerusform>« {name} » supprimé (%n événement)&#xa0;; le stockage tel qu&apos;il était est gardé dans {backup}.</numerusform>
            <numerusform>« {name} » supprimé (%n événements)&#xa0;; le stockage tel qu&apos;il était est gardé dans {backup}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Merge datasets</source>
        <translation>Fusionner des jeux de données</translation>
    </message>
    <message>
        <source>Copy every event, actor and story of “{name}” into:</source>
        <translation>Copier chaque événement, acteur et récit de « {name} » dans&#xa0;:</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) copied from “{source}” to “{target}”</source>
        <translation>
            <numerusform>%n événement copié de « {source} » vers « {target} »</numerusform>
            <numerusform>%n événements copiés de « {source} » vers « {target} »</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n already there</source>
        <translation>
            <numerusform>&#xa0;; %n déjà présent</numerusform>
            <numerusform>&#xa0;; %n déjà présents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n under a new id (the target has another event of that id)</source>
        <translation>
            <numerusform>&#xa0;; %n sous un nouvel identifiant (la cible a un autre événement de cet identifiant)</numerusform>
            <numerusform>&#xa0;; %n sous un nouvel identifiant (la cible a un autre événement de cet identifiant)</numerusform>
        </translation>
    </message>
    <message>
        <source>There is no other dataset: make one in File → Datasets… first.</source>
        <translation>Il n&apos;y a pas d&apos;autre jeu de données&#xa0;: créez-en un d&apos;abord dans Fichier → Jeux de données…</translation>
    </message>
    <message>
        <source>Copy to dataset</source>
        <translation>Copier vers un jeu de données</translation>
    </message>
    <message numerus="yes">
        <source>Copy %n event(s) to:</source>
        <translation>
            <numerusform>Copier %n événement vers&#xa0;:</numerusform>
            <numerusform>Copier %n événements vers&#xa0;:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copy %n event(s) to dataset…</source>
        <translation>
            <numerusform>Copier %n événement vers un jeu de données…</numerusform>
            <numerusform>Copier %n événements vers un jeu de données…</numerusform>
        </translation>
    </message>
    <message>
        <source>Window: 1 week</source>
        <translation>Fenêtre : 1 semaine</translation>
    </message>
    <message>
        <source>Window: 2 weeks</source>
        <translation>Fenêtre : 2 semaines</translation>
    </message>
    <message>
        <source>Window: 1 month</source>
        <translation>Fenêtre : 1 mois</translation>
    </message>
    <message>
        <source>Window: 3 months</source>
        <translation>Fenêtre : 3 mois</translation>
    </message>
    <message>
        <source>1 day a second</source>
        <translation>1 jour par seconde</translation>
    </message>
    <message>
        <source>3 days a second</source>
        <translation>3 jours par seconde</translation>
    </message>
    <message>
        <source>1 week a second</source>
        <translation>1 semaine par seconde</translation>
    </message>
    <message>
        <source>1 month a second</source>
        <translation>1 mois par seconde</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Lecture</translation>
    </message>
    <message>
        <source>Slide a time window across the events shown: the timeline and the map follow</source>
        <translation>Faire glisser une fenêtre de temps sur les événements affichés : la frise et la carte suivent</translation>
    </message>
    <message>
        <source>Basemap: Natural Earth</source>
        <translation>Fond de carte : Natural Earth</translation>
    </message>
    <message>
        <source>Fit to events shown</source>
        <translation>Cadrer les événements affichés</translation>
    </message>
    <message>
        <source>All dates</source>
        <translation>Toutes les dates</translation>
    </message>
    <message>
        <source>Every event the filters show, not only those in the timeline&apos;s period</source>
        <translation>Tous les événements que montrent les filtres, pas seulement ceux de la période de la frise</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Carte</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message numerus="yes">
        <source>{place}: %n event(s)</source>
        <translation>
            <numerusform>{place} : %n événement</numerusform>
            <numerusform>{place} : %n événements</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved &amp;views</source>
        <translation>&amp;Vues enregistrées</translation>
    </message>
    <message>
        <source>&amp;Save the current view…</source>
        <translation>&amp;Enregistrer la vue actuelle…</translation>
    </message>
    <message>
        <source>&amp;Manage saved views…</source>
        <translation>&amp;Gérer les vues enregistrées…</translation>
    </message>
    <message>
        <source>(no saved views)</source>
        <translation>(aucune vue enregistrée)</translation>
    </message>
    <message>
        <source>Saving the view &apos;{name}&apos;</source>
        <translation>Enregistrement de la vue « {name} »</translation>
    </message>
    <message>
        <source>Saved the view &apos;{name}&apos;</source>
        <translation>Vue « {name} » enregistrée</translation>
    </message>
    <message>
        <source>Save the current view</source>
        <translation>Enregistrer la vue actuelle</translation>
    </message>
    <message>
        <source>Name of the view (its filters, lanes and dates):</source>
        <translation>Nom de la vue (ses filtres, ses lignes et ses dates) :</translation>
    </message>
    <message>
        <source>Replace the saved view &apos;{name}&apos;?</source>
        <translation>Remplacer la vue enregistrée « {name} » ?</translation>
    </message>
    <message>
        <source>Saved views</source>
        <translation>Vues enregistrées</translation>
    </message>
    <message>
        <source>Showing the view &apos;{name}&apos;</source>
        <translation>Affichage de la vue « {name} »</translation>
    </message>
    <message>
        <source>no longer in the dataset, left out: {names}</source>
        <translation>absents du jeu de données, ignorés : {names}</translation>
    </message>
    <message>
        <source>Renaming the view &apos;{name}&apos;</source>
        <translation>Renommage de la vue « {name} »</translation>
    </message>
    <message>
        <source>Renamed the view &apos;{name}&apos;</source>
        <translation>Vue « {name} » renommée</translation>
    </message>
    <message>
        <source>Deleting the view &apos;{name}&apos;</source>
        <translation>Suppression de la vue « {name} »</translation>
    </message>
    <message>
        <source>Deleted the view &apos;{name}&apos;</source>
        <translation>Vue « {name} » supprimée</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Appliquer</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <source>Views of “{dataset}”. The command line uses them too: timeline-app export --view NAME</source>
        <translation>Vues de « {dataset} ». La ligne de commande les utilise aussi : timeline-app export --view NOM</translation>
    </message>
    <message>
        <source>Rename the view</source>
        <translation>Renommer la vue</translation>
    </message>
    <message>
        <source>Delete the saved view &apos;{name}&apos;?</source>
        <translation>Supprimer la vue enregistrée « {name} » ?</translation>
    </message>
    <message>
        <source>Open team store</source>
        <translation>Ouvrir une base d’équipe</translation>
    </message>
    <message>
        <source>The address of the team&apos;s PostgreSQL store, without a password: it is read from your ~/.pgpass file, a service file or the PGPASSWORD variable.</source>
        <translation>L’adresse de la base PostgreSQL de l’équipe, sans mot de passe : il est lu dans votre fichier ~/.pgpass, un fichier de service ou la variable PGPASSWORD.</translation>
    </message>
    <message>
        <source>Store URL:</source>
        <translation>URL de la base :</translation>
    </message>
    <message>
        <source>event</source>
        <translation>événement</translation>
    </message>
    <message>
        <source>story</source>
        <translation>récit</translation>
    </message>
    <message>
        <source>saved view</source>
        <translation>vue enregistrée</translation>
    </message>
    <message>
        <source>Nothing to sync: this store and {store} already agree.</source>
        <translation>Rien à synchroniser : cette base et {store} concordent déjà.</translation>
    </message>
    <message>
        <source>Synced with {store}.</source>
        <translation>Synchronisé avec {store}.</translation>
    </message>
    <message>
        <source>Sent: {events} events ({deleted} deleted), {stories} stories, {views} saved views.</source>
        <translation>Envoyé : {events} événements ({deleted} supprimés), {stories} récits, {views} vues enregistrées.</translation>
    </message>
    <message>
        <source>Received: {events} events ({deleted} deleted), {stories} stories, {views} saved views.</source>
        <translation>Reçu : {events} événements ({deleted} supprimés), {stories} récits, {views} vues enregistrées.</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s): changed on both sides, left as they are until you decide below.</source>
        <translation>
            <numerusform>%n conflit : modifié des deux côtés, laissé tel quel jusqu’à votre décision ci-dessous.</numerusform>
            <numerusform>%n conflits : modifiés des deux côtés, laissés tels quels jusqu’à votre décision ci-dessous.</numerusform>
        </translation>
    </message>
    <message>
        <source>deleted here, changed on the team store</source>
        <translation>supprimé ici, modifié dans la base d’équipe</translation>
    </message>
    <message>
        <source>changed here, deleted on the team store</source>
        <translation>modifié ici, supprimé dans la base d’équipe</translation>
    </message>
    <message>
        <source>changed on both sides: {fields}</source>
        <translation>modifié des deux côtés : {fields}</translation>
    </message>
    <message>
        <source>; theirs by {who}</source>
        <translation> ; la leur par {who}</translation>
    </message>
    <message>
        <source>Sync with a team store</source>
        <translation>Synchroniser avec une base d’équipe</translation>
    </message>
    <message>
        <source>Only the dataset shown ({name})</source>
        <translation>Seulement le jeu de données affiché ({name})</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Synchroniser</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>Garder la mienne</translation>
    </message>
    <message>
        <source>Take theirs</source>
        <translation>Prendre la leur</translation>
    </message>
    <message>
        <source>Merge…</source>
        <translation>Fusionner…</translation>
    </message>
    <message>
        <source>Team store URL (no password: ~/.pgpass or PGPASSWORD):</source>
        <translation>URL de la base d’équipe (sans mot de passe : ~/.pgpass ou PGPASSWORD) :</translation>
    </message>
    <message>
        <source>Conflicts to decide:</source>
        <translation>Conflits à trancher :</translation>
    </message>
    <message>
        <source>A team store&apos;s URL begins with postgresql://</source>
        <translation>L’URL d’une base d’équipe commence par postgresql://</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Synchronisation…</translation>
    </message>
    <message>
        <source>The sync was stopped; what was synced is kept on both sides. Sync again to finish it.</source>
        <translation>La synchronisation a été arrêtée ; ce qui était synchronisé est conservé des deux côtés. Synchronisez de nouveau pour la terminer.</translation>
    </message>
    <message>
        <source>the sync ended without a word</source>
        <translation>la synchronisation s’est terminée sans un mot</translation>
    </message>
    <message>
        <source>The sync did not finish: {problem}
What was synced is kept on both sides; sync again to finish it.</source>
        <translation>La synchronisation n’a pas abouti : {problem}
Ce qui était synchronisé est conservé des deux côtés ; synchronisez de nouveau pour la terminer.</translation>
    </message>
    <message>
        <source>The conflict was not decided:
{problem}</source>
        <translation>Le conflit n’a pas été tranché :
{problem}</translation>
    </message>
    <message>
        <source>Decided. The next sync takes it to the team store.</source>
        <translation>Décidé. La prochaine synchronisation l’envoie à la base d’équipe.</translation>
    </message>
    <message>
        <source>This window shows a team store: sync is for a store file (a laptop&apos;s), with a team store.</source>
        <translation>Cette fenêtre montre une base d’équipe : la synchronisation se fait depuis un fichier de base (celui d’un portable) avec une base d’équipe.</translation>
    </message>
    <message>
        <source>The store is read-only: a sync cannot write to it.</source>
        <translation>La base est en lecture seule : une synchronisation ne peut pas y écrire.</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Lecture seule</translation>
    </message>
    <message>
        <source>Your PostgreSQL role may only read this team store: importing and editing are off. Its administrator can grant you the editing rights.</source>
        <translation>Votre rôle PostgreSQL peut seulement lire cette base d’équipe : l’import et la modification sont désactivés. Son administrateur peut vous accorder les droits de modification.</translation>
    </message>
    <message>
        <source>The store&apos;s file or folder cannot be written: importing and editing are off.</source>
        <translation>Le fichier de la base ou son dossier n’est pas modifiable : l’import et la modification sont désactivés.</translation>
    </message>
    <message>
        <source>Events (density)</source>
        <translation>Événements (densité)</translation>
    </message>
    <message>
        <source>This step&apos;s place</source>
        <translation>Le lieu de cette étape</translation>
    </message>
    <message>
        <source>No event matches these filters</source>
        <translation>Aucun événement ne correspond à ces filtres</translation>
    </message>
    <message>
        <source>Clear filters (Ctrl+Shift+X) to see every event again.</source>
        <translation>Effacer les filtres (Ctrl+Maj+X) pour revoir tous les événements.</translation>
    </message>
    <message>
        <source>Merge field by field</source>
        <translation>Fusionner champ par champ</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>La mienne</translation>
    </message>
    <message>
        <source>Theirs</source>
        <translation>La leur</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Garder</translation>
    </message>
    <message>
        <source>The event &apos;{uid}&apos; as both sides changed it:</source>
        <translation>L’événement « {uid} » tel que chaque côté l’a modifié :</translation>
    </message>
    <message>
        <source>These choices do not make an event:
{problem}</source>
        <translation>Ces choix ne forment pas un événement :
{problem}</translation>
    </message>
</context>
</TS>
